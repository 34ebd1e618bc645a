import { z } from "zod";
import { apiErrorSchema } from "@/lib/api/errors";

/**
 * The spend ledger's contract and its arithmetic (isomorphic). Each entry is one charge: a generated
 * image or a training run. `source` says whether BFL itself reported the amount ("bfl") or the dashboard
 * took it from its price table (lib/bfl/pricing.ts) because BFL said nothing ("price_table").
 */

const CREDITS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
/** Credits as the ledger shows them: "999,558", "1.5" (the header's balance reads the same way). */
export const formatCredits = (credits: number): string => CREDITS.format(credits);

export const costSourceSchema = z.enum(["bfl", "price_table"]);
export type CostSource = z.infer<typeof costSourceSchema>;

export const ledgerEntrySchema = z.object({
  kind: z.enum(["image", "training"]),
  id: z.string(),
  finetune_id: z.string(),
  finetune_comment: z.string().nullable(),
  /** The inference endpoint, or "training". */
  endpoint: z.string(),
  credits: z.number(),
  source: costSourceSchema,
  at: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const ledgerBucketSchema = z.object({
  key: z.string(),
  label: z.string(),
  credits: z.number(),
  /** Of `credits`, the part BFL reported; the rest is from the price table. */
  bfl_credits: z.number(),
  estimated_credits: z.number(),
  count: z.number(),
});
export type LedgerBucket = z.infer<typeof ledgerBucketSchema>;

export const ledgerSummarySchema = z.object({
  total: ledgerBucketSchema,
  by_finetune: z.array(ledgerBucketSchema),
  /** Oldest day first (UTC, YYYY-MM-DD). */
  by_day: z.array(ledgerBucketSchema),
  by_endpoint: z.array(ledgerBucketSchema),
});
export type LedgerSummary = z.infer<typeof ledgerSummarySchema>;

export const ledgerResponseSchema = ledgerSummarySchema.extend({
  entries: z.array(ledgerEntrySchema),
  /** Balance from `GET /v1/credits`; null with `balance_error` when BFL could not be asked. */
  balance: z.number().nullable(),
  balance_error: apiErrorSchema.nullable(),
});
export type LedgerResponse = z.infer<typeof ledgerResponseSchema>;

/** Credits have cents (FLUX.2 costs like 1.4): sum in hundredths so totals never drift. */
const toCents = (credits: number) => Math.round(credits * 100);
const fromCents = (cents: number) => cents / 100;

/** UTC calendar day of an ISO timestamp. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

type Acc = { key: string; label: string; cents: number; bfl: number; count: number };

function bucket(
  entries: readonly LedgerEntry[],
  keyOf: (e: LedgerEntry) => [string, string],
): LedgerBucket[] {
  const map = new Map<string, Acc>();
  for (const e of entries) {
    const [key, label] = keyOf(e);
    const acc = map.get(key) ?? { key, label, cents: 0, bfl: 0, count: 0 };
    const cents = toCents(e.credits);
    acc.cents += cents;
    if (e.source === "bfl") acc.bfl += cents;
    acc.count++;
    map.set(key, acc);
  }
  return [...map.values()].map((a) => ({
    key: a.key,
    label: a.label,
    credits: fromCents(a.cents),
    bfl_credits: fromCents(a.bfl),
    estimated_credits: fromCents(a.cents - a.bfl),
    count: a.count,
  }));
}

export function summariseLedger(entries: readonly LedgerEntry[]): LedgerSummary {
  const byCredits = (a: LedgerBucket, b: LedgerBucket) => b.credits - a.credits || a.key.localeCompare(b.key);
  const total = bucket(entries, () => ["total", "Total"])[0] ?? {
    key: "total",
    label: "Total",
    credits: 0,
    bfl_credits: 0,
    estimated_credits: 0,
    count: 0,
  };
  return {
    total,
    by_finetune: bucket(entries, (e) => [e.finetune_id, e.finetune_comment ?? e.finetune_id]).sort(byCredits),
    by_day: bucket(entries, (e) => [dayOf(e.at), dayOf(e.at)]).sort((a, b) => a.key.localeCompare(b.key)),
    by_endpoint: bucket(entries, (e) => [e.endpoint, e.endpoint]).sort(byCredits),
  };
}
