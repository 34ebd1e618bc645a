import { buttonStyles } from "./button-styles";

/** "Load more" under a paged list: shown while there is a next page, disabled while it loads. */
export function LoadMoreButton({
  pages,
  testId,
}: {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  testId: string;
}) {
  if (!pages.hasNextPage) return null;
  return (
    <button
      type="button"
      className={buttonStyles.secondary}
      onClick={() => pages.fetchNextPage()}
      disabled={pages.isFetchingNextPage}
      data-testid={testId}
    >
      {pages.isFetchingNextPage ? "Loading…" : "Load more"}
    </button>
  );
}
