import type { Finetune } from "@/lib/api/types";

/** Explains why a finetune from the other region is listed but cannot be used from this dashboard. */
export function RegionGuard({ finetune: f }: { finetune: Finetune }) {
  if (!f.region_mismatch) return null;
  const configured = f.region === "us1" ? "eu1" : "us1";
  return (
    <div
      role="note"
      data-testid="region-guard"
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-semibold">
        Trained in region {f.region}; this dashboard uses {configured}.
      </p>
      <p className="mt-1">
        A BFL finetune only works in the region it was trained in: asking {configured} for it answers
        &quot;not found&quot;. To use it, set <code className="font-mono">BFL_REGION={f.region}</code> in the
        dashboard&apos;s environment (<code className="font-mono">.env</code>) and restart the dashboard.
      </p>
    </div>
  );
}
