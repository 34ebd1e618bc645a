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
 */
export const INFERENCE_COST: Record<InferenceEndpoint, number> = {
  "flux-pro-1.1-ultra-finetuned": 7,
  "flux-pro-finetuned": 6,
  "flux-pro-1.0-depth-finetuned": 6,
  "flux-pro-1.0-canny-finetuned": 6,
  "flux-pro-1.0-fill-finetuned": 6,
};

/** Endpoints whose price BFL does not list (we show the assumed price as an estimate). */
export const UNLISTED_PRICE: ReadonlySet<InferenceEndpoint> = new Set([
  "flux-pro-1.0-depth-finetuned",
  "flux-pro-1.0-canny-finetuned",
]);

export function creditsToUsd(credits: number): string {
  return `$${(credits * USD_PER_CREDIT).toFixed(2)}`;
}
