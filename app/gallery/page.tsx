import { Gallery } from "@/components/gallery/gallery";
import { inferenceEndpointSchema } from "@/lib/bfl";

export const metadata = { title: "Gallery" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const endpoint = inferenceEndpointSchema.safeParse(sp.endpoint);
  return (
    <>
      <h1 className="text-2xl font-bold">Gallery</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Every image generated here, kept on the dashboard's disk (BFL's own links expire after 10 minutes).
      </p>
      <Gallery
        initialFilter={{
          finetune_id: one(sp.finetune),
          endpoint: endpoint.success ? endpoint.data : undefined,
        }}
      />
    </>
  );
}
