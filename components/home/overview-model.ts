import type { Finetune, FinetuneStatus } from "@/lib/api/types";

export interface FinetuneCountSummary {
  total: number;
  byStatus: Record<FinetuneStatus, number>;
  /** Trained in the region this dashboard is not set to (listed, not usable here). */
  otherRegion: number;
}

/** Counts for the home page's overview. */
export function countFinetunes(list: Pick<Finetune, "status" | "region_mismatch">[]): FinetuneCountSummary {
  const byStatus: Record<FinetuneStatus, number> = { Queued: 0, Pending: 0, Ready: 0, Error: 0 };
  let otherRegion = 0;
  for (const f of list) {
    byStatus[f.status] += 1;
    if (f.region_mismatch) otherRegion += 1;
  }
  return { total: list.length, byStatus, otherRegion };
}
