import { z } from "zod";
import { base64String, finetuneStrength, webhookFields } from "./common";

/**
 * FLUX.2 [klein] LoRA finetunes (public beta, bfl-today.md): a LoRA trained elsewhere and uploaded in
 * BFL's web dashboard with a base model and a precision, used through the klein endpoint that matches
 * both ("The endpoint you call must match the base model and precision selected in the Dashboard").
 */
export const KLEIN_ENDPOINTS = [
  "flux-2-klein-4b-finetuned",
  "flux-2-klein-9b-finetuned",
  "flux-2-klein-9b-kv-finetuned",
  "flux-2-klein-9b-kv-bf16-finetuned",
  "flux-2-klein-base-4b-finetuned",
  "flux-2-klein-base-9b-finetuned",
] as const;
export type KleinEndpoint = (typeof KLEIN_ENDPOINTS)[number];

export const KLEIN_BASE_MODELS = [
  "klein-4b",
  "klein-9b",
  "klein-9b-kv",
  "klein-base-4b",
  "klein-base-9b",
] as const;
export const kleinBaseModelSchema = z.enum(KLEIN_BASE_MODELS);
export type KleinBaseModel = z.infer<typeof kleinBaseModelSchema>;

export const KLEIN_PRECISIONS = ["fp8", "bf16"] as const;
export const kleinPrecisionSchema = z.enum(KLEIN_PRECISIONS);
export type KleinPrecision = z.infer<typeof kleinPrecisionSchema>;

export const KLEIN_BASE_MODEL_LABEL: Record<KleinBaseModel, string> = {
  "klein-4b": "FLUX.2 [klein] 4B",
  "klein-9b": "FLUX.2 [klein] 9B",
  "klein-9b-kv": "FLUX.2 [klein] 9B KV-cached",
  "klein-base-4b": "FLUX.2 [klein] Base 4B",
  "klein-base-9b": "FLUX.2 [klein] Base 9B",
};

/**
 * Which endpoint serves which base model and precision. BFL documents FP8 for 4B, 9B and 9B KV and
 * BF16 for 9B KV; the Base models have one endpoint each (precision not documented, so either maps to it).
 */
export const KLEIN_VARIANTS: readonly {
  endpoint: KleinEndpoint;
  base_model: KleinBaseModel;
  precisions: readonly KleinPrecision[];
}[] = [
  { endpoint: "flux-2-klein-4b-finetuned", base_model: "klein-4b", precisions: ["fp8"] },
  { endpoint: "flux-2-klein-9b-finetuned", base_model: "klein-9b", precisions: ["fp8"] },
  { endpoint: "flux-2-klein-9b-kv-finetuned", base_model: "klein-9b-kv", precisions: ["fp8"] },
  { endpoint: "flux-2-klein-9b-kv-bf16-finetuned", base_model: "klein-9b-kv", precisions: ["bf16"] },
  { endpoint: "flux-2-klein-base-4b-finetuned", base_model: "klein-base-4b", precisions: ["fp8", "bf16"] },
  { endpoint: "flux-2-klein-base-9b-finetuned", base_model: "klein-base-9b", precisions: ["fp8", "bf16"] },
];

/** The klein endpoint for a LoRA's base model and precision; null when BFL has none for that pair. */
export function kleinEndpointFor(base: KleinBaseModel, precision: KleinPrecision): KleinEndpoint | null {
  return (
    KLEIN_VARIANTS.find((v) => v.base_model === base && v.precisions.includes(precision))?.endpoint ?? null
  );
}

/** Precisions a base model can be uploaded with (for the "add a LoRA" form). */
export function kleinPrecisionsFor(base: KleinBaseModel): KleinPrecision[] {
  return [...new Set(KLEIN_VARIANTS.filter((v) => v.base_model === base).flatMap((v) => v.precisions))];
}

/** klein's `safety_tolerance`: 0 (strictest) to 5, default 2. */
export const kleinSafetyTolerance = z.number().int().min(0).max(5);
export const kleinOutputFormatSchema = z.enum(["jpeg", "png", "webp"]);

/** `width`/`height`: at least 64, or null (BFL chooses, as it does for 0). */
const kleinDimension = z.number().int().min(64).nullable().optional();

/**
 * Reference images. BFL also takes URLs; the dashboard always sends the pixels as base64 so a
 * generation never depends on a link BFL may not reach.
 */
const referenceImage = base64String.nullable().optional();

/** `Flux2KleinInputs` plus `finetune_id` and `finetune_strength` (every klein `-finetuned` endpoint). */
export const kleinFinetunedSchema = z.object({
  finetune_id: z.string().min(1),
  finetune_strength: finetuneStrength.default(1),
  prompt: z.string().trim().min(1, { message: "is required" }),
  input_image: referenceImage,
  input_image_2: referenceImage,
  input_image_3: referenceImage,
  input_image_4: referenceImage,
  seed: z.number().int().nullable().optional(),
  width: kleinDimension,
  height: kleinDimension,
  safety_tolerance: kleinSafetyTolerance.default(2),
  output_format: kleinOutputFormatSchema.default("jpeg"),
  user: z.string().min(1).max(256).optional(),
  ...webhookFields,
});
export type KleinFinetunedInput = z.infer<typeof kleinFinetunedSchema>;

export const KLEIN_IMAGE_FIELDS = ["input_image", "input_image_2", "input_image_3", "input_image_4"] as const;
