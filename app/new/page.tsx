import { DatasetStudio } from "@/components/dataset/dataset-studio";
import { LiveApiNotice } from "@/components/dataset/live-api-notice";
import { RouteHydrated } from "@/components/layout/route-hydrated";
import { publicConfig } from "@/lib/server/env";

export const metadata = { title: "New finetune" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ retrain?: string | string[] }>;
}) {
  const { retrain } = await searchParams;
  const { mode, region } = publicConfig();
  const live = mode === "bfl";
  return (
    <div className="flex flex-col gap-4">
      <RouteHydrated />
      <div>
        <h1 className="text-2xl font-bold">New finetune</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {live
            ? "Add 1 to 20 photos (more than 5 recommended), caption them, check them, and export them for training a LoRA on your own GPU. Everything stays in this browser."
            : "Add 1 to 20 photos (more than 5 recommended), caption them, check them against BFL's rules, and start training. Everything stays in this browser until you submit."}
        </p>
      </div>
      {live && <LiveApiNotice region={region} />}
      <DatasetStudio retrainId={typeof retrain === "string" ? retrain : undefined} live={live} />
    </div>
  );
}
