import { RouteHydrated } from "@/components/layout/route-hydrated";
import { Playground } from "@/components/playground/playground";

export const metadata = { title: "Playground" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  return (
    <>
      <RouteHydrated />
      <h1 className="text-2xl font-bold">Playground</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Try a Ready finetune or a FLUX.2 [klein] LoRA on the endpoints that can serve it. Every image is kept
        in the gallery.
      </p>
      <Playground initialFinetuneId={one(sp.finetune)} fromId={one(sp.from)} />
    </>
  );
}
