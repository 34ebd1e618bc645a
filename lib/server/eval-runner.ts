import "server-only";
import { generationRequestSchema } from "@/lib/api/generation-request";
import { newComparisonId, queueCells } from "@/lib/judge/compare";
import { evalCells } from "@/lib/judge/eval-set";
import { AppError } from "./errors";
import { claimEvalRun, getEvalSet } from "./eval-repo";
import { evalOwner } from "./eval-sets-service";
import { createGeneration } from "./generations-service";
import { log } from "./log";
import { parseBody } from "./route";

/**
 * Run the eval set of a finetune or klein LoRA (`evalOwner`): every image is an ordinary generation (same queue, same 24-task limit)
 * under one comparison id, which the finetune page shows as a contact sheet.
 */
export async function runEvalSet(finetuneId: string, opts: { again: boolean }): Promise<string | null> {
  const row = await evalOwner(finetuneId);
  if (!row.ready)
    throw new AppError("bfl_finetune_not_ready", "The eval set runs once the finetune is Ready.");
  const set = await getEvalSet(row.id, row.mode);
  if (!set.stored) throw new AppError("validation_failed", "Save the eval set first.");
  const cells = evalCells(row.id, row.trigger, set);
  const runId = newComparisonId(cells.length);
  // On Ready the claim comes first (a Ready seen twice runs once); on demand it follows the first image
  // BFL took, so a run refused outright (an endpoint BFL does not serve) leaves the last sheet in place.
  let claimed = !opts.again;
  if (claimed && !(await claimEvalRun(row.id, runId, false))) return null;
  await queueCells(cells, async (cell) => {
    const made = await createGeneration(
      parseBody(
        { ...cell, endpoint: set.endpoint, seed: set.seed, sweep_id: runId },
        generationRequestSchema,
      ),
    );
    if (!claimed) claimed = await claimEvalRun(row.id, runId, true);
    return made;
  });
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
