import "server-only";
import { ITERATIONS } from "@/lib/bfl/finetune";
import { trainingCost } from "@/lib/bfl/pricing";
import type { LedgerEntry } from "@/lib/judge/ledger";
import { getDb } from "./db";

/**
 * Every charge the dashboard knows of, newest first: generations with a recorded cost (their source
 * from migration 15; older rows count as estimates) and finetunes trained from here, priced by the
 * table (BFL reports no cost for training).
 */
export async function ledgerEntries(): Promise<LedgerEntry[]> {
  const db = await getDb();
  const images = await db
    .selectFrom("generations")
    .select(["id", "finetune_id", "finetune_comment", "endpoint", "cost", "cost_source", "created_at"])
    .where("cost", "is not", null)
    .orderBy("seq", "desc")
    .$narrowType<{ cost: number }>()
    .execute();
  const trainings = await db
    .selectFrom("finetunes")
    .select(["id", "finetune_comment", "iterations", "created_at"])
    .where("bfl_id", "is not", null)
    .orderBy("seq", "desc")
    .execute();
  const entries: LedgerEntry[] = [
    ...images.map(
      (g): LedgerEntry => ({
        kind: "image",
        id: g.id,
        finetune_id: g.finetune_id,
        finetune_comment: g.finetune_comment,
        endpoint: g.endpoint,
        credits: g.cost,
        source: g.cost_source === "bfl" ? "bfl" : "price_table",
        at: g.created_at,
      }),
    ),
    ...trainings.map(
      (f): LedgerEntry => ({
        kind: "training",
        id: f.id,
        finetune_id: f.id,
        finetune_comment: f.finetune_comment,
        endpoint: "training",
        credits: trainingCost(f.iterations ?? ITERATIONS.default),
        source: "price_table",
        at: f.created_at,
      }),
    ),
  ];
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}
