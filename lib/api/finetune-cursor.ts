/**
 * The finetune list's cursor: the last item's `created_at` and `id`, in the order the list is sorted
 * (newest first, ties by id). Opaque to clients; pure so unit tests and the server share it.
 */
export interface CursorItem {
  id: string;
  created_at: string;
}

export const FINETUNE_PAGE_DEFAULT = 50;
/** The most one page may hold; consumers that need every finetune (pickers, counts) ask for this. */
export const FINETUNE_PAGE_MAX = 500;

export function newestFirst(a: CursorItem, b: CursorItem): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function encodeCursor(item: CursorItem): string {
  return `${item.created_at}~${item.id}`;
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT[\d:.]+Z$/;

/** The item a cursor points after, or null when the text is not a cursor of this list. */
export function decodeCursor(cursor: string): CursorItem | null {
  const at = cursor.indexOf("~");
  const created_at = cursor.slice(0, at);
  const id = cursor.slice(at + 1);
  return at > 0 && id && ISO_TIME.test(created_at) ? { created_at, id } : null;
}

/** One page of a list sorted with `newestFirst`: the items after `after`, and the next cursor. */
export function pageAfter<T extends CursorItem>(
  sorted: readonly T[],
  after: CursorItem | null,
  limit: number,
): { items: T[]; next_cursor: string | null } {
  const rest = after ? sorted.filter((f) => newestFirst(f, after) > 0) : sorted;
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rest.length > limit && last ? encodeCursor(last) : null };
}
