import type { Generation } from "@/lib/api/types";
import { type FinetuneKind, type InferenceEndpoint, servingEndpoints } from "@/lib/bfl";
import { newSweepId } from "@/lib/playground/runs";
import { parseStrengths, strengthLabel, sweepCost } from "@/lib/playground/sweep";
import { fillTrigger } from "./prompts";

/**
 * Comparisons: one prompt template and one seed across several finetunes and strengths, with the base
 * model (strength 0) as the first column. Built on sweeps: every image of a comparison shares one
 * `sweep_id` starting with `cmp-`, so the gallery keeps it together as one group.
 */

export const COMPARE_PREFIX = "cmp-";
export const MAX_COMPARE_FINETUNES = 6;
export const MAX_COMPARE_IMAGES = 48;
/** Endpoints that need no input image, so one prompt is all a cell needs. */
export const COMPARE_ENDPOINTS = [
  "flux-pro-1.1-ultra-finetuned",
  "flux-pro-finetuned",
] as const satisfies readonly InferenceEndpoint[];
export type CompareEndpoint = (typeof COMPARE_ENDPOINTS)[number];

export function isComparisonId(id: string | null | undefined): id is string {
  return typeof id === "string" && id.startsWith(COMPARE_PREFIX) && id.length <= 64;
}

export interface CompareCell {
  finetune_id: string;
  finetune_strength: number;
  prompt: string;
  /** A klein LoRA's row: its own klein endpoint instead of the comparison's FLUX.1 one. */
  endpoint?: InferenceEndpoint;
}

export type ComparePlan = { ok: true; cells: CompareCell[] } | { ok: false; error: string };

/** A row of the comparison: a FLUX.1 finetune or a klein LoRA (lib/playground/choices.ts). */
export interface CompareSubject {
  id: string;
  trigger: string | null;
  kind: FinetuneKind;
}

/** The klein endpoint a LoRA is served on (its base model and precision); undefined for FLUX.1. */
function subjectEndpoint(kind: FinetuneKind): InferenceEndpoint | undefined {
  return kind.kind === "lora" ? servingEndpoints(kind, { live: false })[0] : undefined;
}

/**
 * Every image to make: per finetune or LoRA (rows, in the order given) the base model at strength 0, then each
 * strength. The template's `[trigger]` is filled per finetune, so the base column shows what the base
 * model makes of that row's exact prompt.
 */
export function planComparison(
  finetunes: readonly CompareSubject[],
  strengthsText: string,
  template: string,
): ComparePlan {
  if (finetunes.length === 0) return { ok: false, error: "Choose at least one finetune to compare." };
  if (finetunes.length > MAX_COMPARE_FINETUNES)
    return {
      ok: false,
      error: `Compare at most ${MAX_COMPARE_FINETUNES} finetunes at once (${finetunes.length} chosen).`,
    };
  if (!template.trim())
    return { ok: false, error: "Write a prompt; [trigger] becomes each finetune's trigger word." };
  const parsed = parseStrengths(strengthsText);
  if (!parsed.ok) return parsed;
  const strengths = [0, ...parsed.strengths.filter((s) => s !== 0)];
  const total = finetunes.length * strengths.length;
  if (total > MAX_COMPARE_IMAGES)
    return { ok: false, error: `That is ${total} images; a comparison makes at most ${MAX_COMPARE_IMAGES}.` };
  return {
    ok: true,
    cells: finetunes.flatMap((f) => {
      const endpoint = subjectEndpoint(f.kind);
      return strengths.map((s) => ({
        finetune_id: f.id,
        finetune_strength: s,
        prompt: fillTrigger(template, f.trigger),
        ...(endpoint ? { endpoint } : {}),
      }));
    }),
  };
}

export interface CompareGrid {
  /** One row per finetune and prompt (a comparison: a prompt per finetune; an eval set: one finetune). */
  rows: { key: string; finetune_id: string; label: string; prompt: string }[];
  /** Strengths, 0 (the base model) first. */
  columns: number[];
  cell: (rowKey: string, strength: number) => Generation | undefined;
}

export function columnLabel(strength: number): string {
  return strength === 0 ? "Base model (strength 0)" : strengthLabel(strength);
}

/**
 * Arrange a comparison's generations, in the order they were made, into rows per finetune and prompt
 * (first seen first) and columns per strength.
 */
export function comparisonGrid(generations: readonly Generation[]): CompareGrid {
  const rows: CompareGrid["rows"] = [];
  const columns = new Set<number>();
  const cells = new Map<string, Generation>();
  for (const g of generations) {
    const key = JSON.stringify([g.finetune_id, g.prompt]);
    if (!rows.some((r) => r.key === key))
      rows.push({
        key,
        finetune_id: g.finetune_id,
        label: g.finetune_comment ?? g.finetune_id,
        prompt: g.prompt,
      });
    columns.add(g.finetune_strength);
    cells.set(JSON.stringify([key, g.finetune_strength]), g);
  }
  return {
    rows,
    columns: [...columns].sort((a, b) => a - b),
    cell: (rowKey, strength) => cells.get(JSON.stringify([rowKey, strength])),
  };
}

/**
 * A fresh comparison id: a sweep id with the comparison prefix and the number of images, so the server
 * knows when the comparison (or eval run) has finished: `cmp-<total>x-<uuid>`.
 */
export function newComparisonId(total: number): string {
  return `${COMPARE_PREFIX}${Math.max(0, Math.trunc(total))}x-${newSweepId()}`;
}

/** The number of images a comparison id announces; null for other ids and for older ids without one. */
export function comparisonTotal(id: string | null | undefined): number | null {
  if (!isComparisonId(id)) return null;
  const m = /^cmp-([1-9]\d{0,3})x-/.exec(id);
  return m ? Number(m[1]) : null;
}

/**
 * Queue order of a comparison: the first cell of each row one after another (the grid orders rows by
 * the first image made), then all the others at once, so 24 images do not wait on 24 round trips.
 */
export function queueOrder(cells: readonly CompareCell[]): { leaders: CompareCell[]; rest: CompareCell[] } {
  const seen = new Set<string>();
  const leaders: CompareCell[] = [];
  const rest: CompareCell[] = [];
  for (const c of cells) {
    const key = JSON.stringify([c.finetune_id, c.prompt]);
    if (seen.has(key)) rest.push(c);
    else {
      seen.add(key);
      leaders.push(c);
    }
  }
  return { leaders, rest };
}

/** Send every cell through `send` in `queueOrder`; throws the first failure after all have settled. */
export async function queueCells(
  cells: readonly CompareCell[],
  send: (c: CompareCell) => Promise<unknown>,
): Promise<void> {
  const { leaders, rest } = queueOrder(cells);
  for (const c of leaders) await send(c);
  const settled = await Promise.allSettled(rest.map(send));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
}

/** The comparison's cost per endpoint used (a LoRA row costs its klein endpoint's price). */
export function comparisonCost(cells: readonly CompareCell[], endpoint: InferenceEndpoint): string {
  const counts = new Map<InferenceEndpoint, number>();
  for (const c of cells) counts.set(c.endpoint ?? endpoint, (counts.get(c.endpoint ?? endpoint) ?? 0) + 1);
  return [...counts].map(([e, n]) => sweepCost(e, n).text).join("; ");
}
