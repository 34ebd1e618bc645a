import "server-only";
import { type GenerationStatus, TERMINAL_GENERATION_STATUSES } from "@/lib/api/types";
import { comparisonTotal } from "@/lib/judge/compare";
import type { Db } from "./db";
import { enqueueNotification } from "./notify-outbox";

/**
 * The long jobs' notification: once every image of a comparison or an eval run (one `cmp-` sweep id,
 * whose id carries the number of images) has ended, one `job.finished` event goes to the outbox, in the
 * transaction of the last image's status change (called on every status change of a generation). The outbox's unique event key makes it once per job.
 */
export async function notifyJobIfFinished(db: Db, sweepId: string | null): Promise<void> {
  const total = comparisonTotal(sweepId);
  if (total === null || sweepId === null) return;
  const rows = await db.selectFrom("generations").select("status").where("sweep_id", "=", sweepId).execute();
  if (
    rows.length < total ||
    rows.some((r) => !TERMINAL_GENERATION_STATUSES.has(r.status as GenerationStatus))
  )
    return;
  const ready = rows.filter((r) => r.status === "Ready").length;
  const evalRun =
    (await db
      .selectFrom("eval_sets")
      .select("finetune_id")
      .where("last_run_id", "=", sweepId)
      .executeTakeFirst()) !== undefined;
  await enqueueNotification(db, {
    type: "job.finished",
    job: {
      kind: evalRun ? "eval set" : "comparison",
      id: sweepId,
      total: rows.length,
      ready,
      failed: rows.length - ready,
    },
  });
}
