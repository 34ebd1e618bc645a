import "server-only";
import { ITERATIONS } from "@/lib/bfl/finetune";
import { trainingCost } from "@/lib/bfl/pricing";
import type { LedgerEntry } from "@/lib/judge/ledger";
import { stmt } from "./db";

/**
 * Every charge the dashboard knows of, newest first: generations with a recorded cost (their source
 * from migration 15; older rows count as estimates) and finetunes trained from here, priced by the
 * table (BFL reports no cost for training).
 */
export function ledgerEntries(): LedgerEntry[] {
  const images = stmt(
    `SELECT id, finetune_id, finetune_comment, endpoint, cost, cost_source, created_at FROM generations
     WHERE cost IS NOT NULL ORDER BY seq DESC`,
  ).all() as {
    id: string;
    finetune_id: string;
    finetune_comment: string | null;
    endpoint: string;
    cost: number;
    cost_source: string | null;
    created_at: string;
  }[];
  const trainings = stmt(
    `SELECT id, finetune_comment, iterations, created_at FROM finetunes
     WHERE bfl_id IS NOT NULL ORDER BY seq DESC`,
  ).all() as { id: string; finetune_comment: string; iterations: number | null; created_at: string }[];
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
