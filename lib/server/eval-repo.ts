import "server-only";
import { defaultEvalSet, type EvalSet, type EvalSetInput } from "@/lib/judge/eval-set";
import { stmt, tx } from "./db";
import { nowIso } from "./ids";

/** SQL of `eval_sets` (migration 16). */

interface EvalRow {
  finetune_id: string;
  enabled: number;
  endpoint: EvalSetInput["endpoint"];
  prompts: string;
  strengths: string;
  seed: number;
  last_run_id: string | null;
  last_run_at: string | null;
}

/** The stored eval set of a finetune, or the defaults for its mode (`stored: false`). */
export function getEvalSet(finetuneId: string, mode: string): EvalSet {
  const row = stmt("SELECT * FROM eval_sets WHERE finetune_id = ?").get(finetuneId) as EvalRow | undefined;
  if (!row)
    return {
      ...defaultEvalSet(mode),
      finetune_id: finetuneId,
      stored: false,
      last_run_id: null,
      last_run_at: null,
    };
  return {
    finetune_id: row.finetune_id,
    enabled: row.enabled === 1,
    endpoint: row.endpoint,
    prompts: JSON.parse(row.prompts) as string[],
    strengths: JSON.parse(row.strengths) as number[],
    seed: row.seed,
    stored: true,
    last_run_id: row.last_run_id,
    last_run_at: row.last_run_at,
  };
}

export function saveEvalSet(finetuneId: string, input: EvalSetInput): void {
  stmt(
    `INSERT INTO eval_sets (finetune_id, enabled, endpoint, prompts, strengths, seed, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(finetune_id) DO UPDATE SET enabled = excluded.enabled, endpoint = excluded.endpoint,
       prompts = excluded.prompts, strengths = excluded.strengths, seed = excluded.seed,
       updated_at = excluded.updated_at`,
  ).run(
    finetuneId,
    input.enabled ? 1 : 0,
    input.endpoint,
    JSON.stringify(input.prompts),
    JSON.stringify(input.strengths),
    input.seed,
    nowIso(),
  );
}

/**
 * Claim a run: records `runId` only if the set has not run yet (or `again`), in one transaction, so
 * a Ready seen twice (poll and restart) still runs the set once. False: someone else claimed it.
 */
export function claimEvalRun(finetuneId: string, runId: string, again: boolean): boolean {
  return tx(() => {
    const res = stmt(
      `UPDATE eval_sets SET last_run_id = ?, last_run_at = ? WHERE finetune_id = ?
       ${again ? "" : "AND last_run_id IS NULL AND enabled = 1"}`,
    ).run(runId, nowIso(), finetuneId);
    return res.changes === 1;
  });
}
