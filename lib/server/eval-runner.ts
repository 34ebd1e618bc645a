import "server-only";
import { newComparisonId, queueCells } from "@/lib/judge/compare";
import { evalCells } from "@/lib/judge/eval-set";
import { AppError, notFound } from "./errors";
import { claimEvalRun, getEvalSet } from "./eval-repo";
import { getFinetuneRow } from "./finetune-repo";
import { createGeneration } from "./generations-service";
import { log } from "./log";

/**
 * Run a finetune's eval set: every image is an ordinary generation (same queue, same 24-task limit)
 * under one comparison id, which the finetune page shows as a contact sheet.
 */
export async function runEvalSet(finetuneId: string, opts: { again: boolean }): Promise<string | null> {
  const row = await getFinetuneRow(finetuneId);
  if (!row) throw notFound("This finetune");
  if (row.status !== "Ready")
    throw new AppError("bfl_finetune_not_ready", "The eval set runs once the finetune is Ready.");
  const set = await getEvalSet(row.id, row.mode);
  if (!set.stored) throw new AppError("validation_failed", "Save the eval set first.");
  const cells = evalCells(row.id, row.trigger_word, set);
  const runId = newComparisonId(cells.length);
  if (!(await claimEvalRun(row.id, runId, opts.again))) return null;
  await queueCells(cells, (cell) =>
    createGeneration({ ...cell, endpoint: set.endpoint, seed: set.seed, sweep_id: runId }),
  );
  log.info("eval", `eval set of ${row.id} queued as ${runId}`);
  return runId;
}

/** Called when a finetune turns Ready: runs its eval set if opted in. Never throws (polling goes on). */
export function runEvalOnReady(finetuneId: string): void {
  const run = async () => {
    const set = await getEvalSet(finetuneId, "general");
    if (!set.stored || !set.enabled || set.last_run_id) return;
    await runEvalSet(finetuneId, { again: false });
  };
  run().catch((err) => log.warn("eval", `eval set of ${finetuneId} failed`, err));
}
