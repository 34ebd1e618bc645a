import type { InferenceEndpoint } from "@/lib/bfl";
import { costOf } from "./pricing";

/** Strength sweeps: one prompt and one seed across several finetune strengths. */

export const DEFAULT_SWEEP = [0, 0.6, 0.9, 1.2, 1.5, 1.8] as const;
export const MAX_SWEEP = 12;

export type ParsedStrengths = { ok: true; strengths: number[] } | { ok: false; error: string };

/** Parse "0, 0.6, 0.9" (commas or spaces). Duplicates are dropped; order is kept. */
export function parseStrengths(text: string): ParsedStrengths {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, error: "Enter at least one strength, e.g. 0, 0.6, 1.2." };
  const out: number[] = [];
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isFinite(n)) return { ok: false, error: `“${part}” is not a number.` };
    if (n < 0 || n > 2) return { ok: false, error: `${part} is outside the allowed range of 0 to 2.` };
    const rounded = Math.round(n * 100) / 100;
    if (!out.includes(rounded)) out.push(rounded);
  }
  if (out.length > MAX_SWEEP) {
    return { ok: false, error: `At most ${MAX_SWEEP} strengths per sweep (you entered ${out.length}).` };
  }
  return { ok: true, strengths: out };
}

export function formatStrengths(strengths: readonly number[]): string {
  return strengths.join(", ");
}

export interface SweepCost {
  credits: number;
  usd: string;
  /** BFL does not list this endpoint's price; the figure is our estimate. */
  estimate: boolean;
  text: string;
}

export function sweepCost(endpoint: InferenceEndpoint, count: number): SweepCost {
  const { each, credits, usd, estimate, perMegapixel } = costOf(endpoint, count);
  const noun = count === 1 ? "image" : "images";
  const from = perMegapixel ? "from " : "";
  const text = `${count} ${noun} × ${from}${each} credits = ${from}${credits} credits (${usd})${estimate ? ", estimated: BFL does not list this price" : ""}`;
  return { credits, usd, estimate, text };
}

export function strengthLabel(strength: number): string {
  const s = `Strength ${Number(strength.toFixed(2))}`;
  return strength === 0 ? `${s} · base model` : s;
}
