import "server-only";
import type { EvalSet, EvalSetInput } from "@/lib/judge/eval-set";
import { notFound } from "./errors";
import { getEvalSet, saveEvalSet } from "./eval-repo";
import { runEvalSet } from "./eval-runner";
import { getFinetuneRow } from "./finetune-repo";

/** A finetune's eval set: read (the defaults for its mode until saved), save, run again. */

function localFinetune(id: string) {
  const row = getFinetuneRow(id);
  if (!row) throw notFound("An eval set needs a finetune trained from this dashboard; this one");
  return row;
}

export async function finetuneEvalSet(id: string): Promise<EvalSet> {
  const row = localFinetune(id);
  return getEvalSet(row.id, row.mode);
}

export async function saveFinetuneEvalSet(id: string, input: EvalSetInput): Promise<EvalSet> {
  const row = localFinetune(id);
  saveEvalSet(row.id, input);
  return getEvalSet(row.id, row.mode);
}

/** Run the saved eval set now (again), whether or not it ran on Ready. */
export async function rerunEvalSet(id: string): Promise<EvalSet> {
  const row = getFinetuneRow(id);
  if (!row) throw notFound("This finetune");
  await runEvalSet(row.id, { again: true });
  return getEvalSet(row.id, row.mode);
}
