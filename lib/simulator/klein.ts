import { KLEIN_IMAGE_FIELDS, type KleinEndpoint, kleinFinetunedSchema } from "../bfl/klein";
import { INFERENCE_COST } from "../bfl/pricing";
import type { Sim } from "./context";
import { capPixels, createInferenceTask, type DecodedImage, decodeImages } from "./inference";
import { loraFor } from "./loras";
import type { InferenceTask } from "./store";
import { validateBody } from "./validation";
import { webhookOf } from "./webhooks";

/**
 * The six FLUX.2 [klein] `-finetuned` endpoints (live profile): an uploaded LoRA by name, or any
 * `org-id/name`. Size: `width`/`height` when given (null or 0: BFL chooses, here the first reference
 * image's size or 1024 × 1024), at most 4 MP.
 */

/**
 * Our guess at BFL's megapixel pricing: every megapixel in and out at the endpoint's price for the
 * first one (lib/bfl/pricing.ts), at least one.
 */
export function kleinCost(endpoint: KleinEndpoint, mp: { input: number; output: number }): number {
  return Math.round(INFERENCE_COST[endpoint] * Math.max(1, mp.input + mp.output) * 100) / 100;
}

export const KLEIN_DEFAULT_SIZE = { width: 1024, height: 1024 } as const;

function kleinSize(
  input: { width?: number | null; height?: number | null },
  images: Map<string, DecodedImage>,
): { width: number; height: number } {
  const ref = images.get("input_image") ?? KLEIN_DEFAULT_SIZE;
  return capPixels({ width: input.width || ref.width, height: input.height || ref.height });
}

export async function submitKlein(
  sim: Sim,
  endpoint: KleinEndpoint,
  body: unknown,
  origin: string,
): Promise<InferenceTask> {
  const input = validateBody(kleinFinetunedSchema, body);
  const finetuneId = loraFor(sim.cfg.loras, endpoint, input.finetune_id);
  const images = await decodeImages(input, KLEIN_IMAGE_FIELDS);
  return createInferenceTask(sim, {
    endpoint,
    finetuneId,
    input,
    images,
    size: kleinSize(input, images),
    price: (mp) => kleinCost(endpoint, mp),
    webhook: webhookOf(input, origin),
  });
}
