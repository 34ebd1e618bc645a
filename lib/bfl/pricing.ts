import type { InferenceEndpoint } from "./inference";

/** 1 credit = $0.01 (bfl-api.md §6). */
export const USD_PER_CREDIT = 0.01;

/** Training: < 150 steps 200 cr; 150 to 500 steps 400 cr; > 500 steps 600 cr. */
export function trainingCost(iterations: number): number {
  if (iterations < 150) return 200;
  if (iterations <= 500) return 400;
  return 600;
}

/**
 * Per image. Ultra finetuned 7, pro finetuned 6, fill finetuned 6. Depth and canny finetuned are not
 * listed; we assume the pro finetuned price (6) and say so in the UI.
 *
 * klein finetuned (public beta): the base endpoint's price, per first megapixel (4B 1.4 credits, 9B 1.5;
 * bfl-today.md). KV, BF16 and Base variants are not listed: assumed at the 4B/9B price of their size.
 * BFL reports the real price in the submit answer (`cost`), which the dashboard keeps when it comes.
 */
export const INFERENCE_COST: Record<InferenceEndpoint, number> = {
  "flux-pro-1.1-ultra-finetuned": 7,
  "flux-pro-finetuned": 6,
  "flux-pro-1.0-depth-finetuned": 6,
  "flux-pro-1.0-canny-finetuned": 6,
  "flux-pro-1.0-fill-finetuned": 6,
  "flux-2-klein-4b-finetuned": 1.4,
  "flux-2-klein-9b-finetuned": 1.5,
  "flux-2-klein-9b-kv-finetuned": 1.5,
  "flux-2-klein-9b-kv-bf16-finetuned": 1.5,
  "flux-2-klein-base-4b-finetuned": 1.4,
  "flux-2-klein-base-9b-finetuned": 1.5,
};

/** Priced per megapixel: the listed price is for the first megapixel ("from"). */
export const PRICED_PER_MEGAPIXEL: ReadonlySet<InferenceEndpoint> = new Set(
  (Object.keys(INFERENCE_COST) as InferenceEndpoint[]).filter((e) => e.startsWith("flux-2-klein-")),
);

/** Endpoints whose price BFL does not list (we show the assumed price as an estimate). */
export const UNLISTED_PRICE: ReadonlySet<InferenceEndpoint> = new Set([
  "flux-pro-1.0-depth-finetuned",
  "flux-pro-1.0-canny-finetuned",
  "flux-2-klein-9b-kv-finetuned",
  "flux-2-klein-9b-kv-bf16-finetuned",
  "flux-2-klein-base-4b-finetuned",
  "flux-2-klein-base-9b-finetuned",
]);

/** "$0.07"; fractions of a cent (klein's 1.4 credits) keep a third digit: "$0.014". */
export function creditsToUsd(credits: number): string {
  const usd = credits * USD_PER_CREDIT;
  const wholeCents = Math.abs(usd * 100 - Math.round(usd * 100)) < 1e-9;
  return `$${usd.toFixed(wholeCents ? 2 : 3)}`;
}
