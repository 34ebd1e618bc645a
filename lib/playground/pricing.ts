import {
  creditsToUsd,
  INFERENCE_COST,
  type InferenceEndpoint,
  PRICED_PER_MEGAPIXEL,
  UNLISTED_PRICE,
} from "@/lib/bfl";

/**
 * Prices as the playground words them. klein endpoints are priced per megapixel ("from" the first
 * megapixel's price); BFL's submit answer then reports the real `cost`, which the gallery keeps.
 */

/** Credits without float noise (6 × 1.4 is 8.4, not 8.399999999999999). */
export function roundCredits(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export interface CostOf {
  each: number;
  credits: number;
  usd: string;
  /** BFL does not list this endpoint's price; the figure is our estimate. */
  estimate: boolean;
  /** Priced per megapixel: the figure is for the first megapixel of each image. */
  perMegapixel: boolean;
}

/** What `count` images on an endpoint cost. */
export function costOf(e: InferenceEndpoint, count = 1): CostOf {
  const each = INFERENCE_COST[e];
  const credits = roundCredits(each * count);
  return {
    each,
    credits,
    usd: creditsToUsd(credits),
    estimate: UNLISTED_PRICE.has(e),
    perMegapixel: PRICED_PER_MEGAPIXEL.has(e),
  };
}

/** On an endpoint card: "7 credits", "from 1.4 credits (per MP, est.)". */
export function priceText(e: InferenceEndpoint): string {
  const perMp = PRICED_PER_MEGAPIXEL.has(e);
  const notes = [perMp ? "first MP" : "", UNLISTED_PRICE.has(e) ? "est." : ""].filter(Boolean).join(", ");
  return `${perMp ? "from " : ""}${INFERENCE_COST[e]} credits${notes ? ` (${notes})` : ""}`;
}

/** Beside the Generate button: "7 credits ($0.07)", "from 1.4 credits ($0.014) for the first megapixel". */
export function generationCostText(e: InferenceEndpoint): string {
  const c = costOf(e);
  return `${c.perMegapixel ? "from " : ""}${c.credits} credits (${c.usd})${c.perMegapixel ? " for the first megapixel" : ""}${
    c.estimate ? ", estimated: BFL does not list this price" : ""
  }`;
}
