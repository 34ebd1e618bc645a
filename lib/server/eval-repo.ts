import "server-only";
import { defaultEvalSet, type EvalSet, type EvalSetInput } from "@/lib/judge/eval-set";
import { getDb, tx } from "./db";
import { nowIso } from "./ids";

/** Queries of `eval_sets` (migration 16). */

/** The stored eval set of a finetune, or the defaults for its mode (`stored: false`). */
export async function getEvalSet(finetuneId: string, mode: string): Promise<EvalSet> {
  const db = await getDb();
  const row = await db
    .selectFrom("eval_sets")
    .selectAll()
    .where("finetune_id", "=", finetuneId)
    .executeTakeFirst();
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

export async function saveEvalSet(finetuneId: string, input: EvalSetInput): Promise<void> {
  const db = await getDb();
  await db
    .insertInto("eval_sets")
    .values({
      finetune_id: finetuneId,
      enabled: input.enabled ? 1 : 0,
      endpoint: input.endpoint,
      prompts: JSON.stringify(input.prompts),
      strengths: JSON.stringify(input.strengths),
      seed: input.seed,
      updated_at: nowIso(),
    })
    .onConflict((oc) =>
      oc.column("finetune_id").doUpdateSet((eb) => ({
        enabled: eb.ref("excluded.enabled"),
        endpoint: eb.ref("excluded.endpoint"),
        prompts: eb.ref("excluded.prompts"),
        strengths: eb.ref("excluded.strengths"),
        seed: eb.ref("excluded.seed"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .execute();
}

/**
 * Claim a run: records `runId` only if the set has not run yet (or `again`), in one statement, so
 * a Ready seen twice (poll and restart, or two instances) still runs the set once. False: someone
 * else claimed it.
 */
export async function claimEvalRun(finetuneId: string, runId: string, again: boolean): Promise<boolean> {
  return tx(async (trx) => {
    let query = trx
      .updateTable("eval_sets")
      .set({ last_run_id: runId, last_run_at: nowIso() })
      .where("finetune_id", "=", finetuneId);
    if (!again) query = query.where("last_run_id", "is", null).where("enabled", "=", 1);
    const res = await query.executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  });
}
