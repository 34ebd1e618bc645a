import { Gallery } from "@/components/gallery/gallery";
import { RouteHydrated } from "@/components/layout/route-hydrated";
import { galleryFilterFromParams } from "@/lib/playground/gallery-url";

export const metadata = { title: "Gallery" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  return (
    <>
      <RouteHydrated />
      <h1 className="text-2xl font-bold">Gallery</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Every image generated here, kept on the dashboard's disk (BFL's own links expire after 10 minutes).
      </p>
      <Gallery initialFilter={galleryFilterFromParams(sp)} />
    </>
  );
}
