import { CompareView } from "@/components/judge/compare-view";
import { RouteHydrated } from "@/components/layout/route-hydrated";
import { isComparisonId } from "@/lib/judge/compare";

export const metadata = { title: "Compare" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const { id } = await searchParams;
  return (
    <>
      <RouteHydrated />
      <h1 className="text-2xl font-bold">Compare finetunes</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        One prompt and one seed across several finetunes and strengths, with the base model beside them.
      </p>
      <CompareView id={typeof id === "string" && isComparisonId(id) ? id : null} />
    </>
  );
}
