import { z } from "zod";
import { base64String, finetuneStrength, outputFormatSchema, safetyTolerance, webhookFields } from "./common";
import {
  KLEIN_BASE_MODEL_LABEL,
  KLEIN_ENDPOINTS,
  KLEIN_IMAGE_FIELDS,
  KLEIN_VARIANTS,
  type KleinEndpoint,
  kleinFinetunedSchema,
} from "./klein";

/** The FLUX.1 finetune-era endpoints (a finetune trained by BFL's finetuning API, 2024-2025). */
export const FLUX1_ENDPOINTS = [
  "flux-pro-1.1-ultra-finetuned",
  "flux-pro-finetuned",
  "flux-pro-1.0-depth-finetuned",
  "flux-pro-1.0-canny-finetuned",
  "flux-pro-1.0-fill-finetuned",
] as const;
export type Flux1Endpoint = (typeof FLUX1_ENDPOINTS)[number];

export const INFERENCE_ENDPOINTS = [...FLUX1_ENDPOINTS, ...KLEIN_ENDPOINTS] as const;
export const inferenceEndpointSchema = z.enum(INFERENCE_ENDPOINTS);
export type InferenceEndpoint = z.infer<typeof inferenceEndpointSchema>;

/** "between 21:9 and 9:21" (no enum in BFL's spec). */
export const ASPECT_RATIO_LIMITS = { widest: 21 / 9, tallest: 9 / 21 } as const;
export const ASPECT_RATIO_PRESETS = [
  "21:9",
  "16:9",
  "3:2",
  "4:3",
  "1:1",
  "3:4",
  "2:3",
  "9:16",
  "9:21",
] as const;

export const aspectRatioSchema = z
  .string()
  .regex(/^\d{1,3}:\d{1,3}$/, { message: "must look like 16:9" })
  .refine(
    (v) => {
      const [w, h] = v.split(":").map(Number) as [number, number];
      if (!(w > 0 && h > 0)) return false;
      const r = w / h;
      return r <= ASPECT_RATIO_LIMITS.widest + 1e-9 && r >= ASPECT_RATIO_LIMITS.tallest - 1e-9;
    },
    { message: "must be between 21:9 and 9:21" },
  );

const finetuneId = z.string().min(1);
const seedNullable = z.number().int().nullable().optional();

/** `FinetuneFluxUltraInput`. */
export const ultraFinetunedSchema = z.object({
  finetune_id: finetuneId,
  finetune_strength: finetuneStrength.default(1.2),
  prompt: z.string().nullable().default(""),
  seed: seedNullable,
  aspect_ratio: aspectRatioSchema.default("16:9"),
  safety_tolerance: safetyTolerance.default(2),
  output_format: outputFormatSchema.nullable().default("jpeg"),
  image_prompt: base64String.nullable().optional(),
  image_prompt_strength: z.number().min(0).max(1).default(0.1),
  prompt_upsampling: z.boolean().default(false),
  ...webhookFields,
});

const dimension = z.number().int().min(256).max(1440).multipleOf(32);

/** `FluxProFinetuneInputs`. */
export const proFinetunedSchema = z.object({
  finetune_id: finetuneId,
  finetune_strength: finetuneStrength.default(1.1),
  steps: z.number().int().min(1).max(50).default(40),
  guidance: z.number().min(1.5).max(5).default(2.5),
  prompt: z.string().default(""),
  image_prompt: base64String.nullable().optional(),
  width: dimension.default(1024),
  height: dimension.default(768),
  prompt_upsampling: z.boolean().default(false),
  seed: z.number().int().optional(),
  safety_tolerance: safetyTolerance.default(2),
  output_format: outputFormatSchema.default("jpeg"),
  ...webhookFields,
});

/** What the depth and canny endpoints share, in BFL's order; `guidance` differs only in its default. */
const controlFields = {
  finetune_id: finetuneId,
  finetune_strength: finetuneStrength.default(1.1),
  prompt: z.string(),
  control_image: base64String,
  prompt_upsampling: z.boolean().default(false),
  seed: seedNullable,
  steps: z.number().int().min(15).max(50).default(50),
  output_format: outputFormatSchema.nullable().default("jpeg"),
};
const controlGuidance = z.number().min(1).max(100);

/** `FinetuneDepthInputs`. */
export const depthFinetunedSchema = z.object({
  ...controlFields,
  guidance: controlGuidance.default(15),
  safety_tolerance: safetyTolerance.default(2),
  ...webhookFields,
});

const cannyThreshold = z.number().int().min(0).max(500).nullable();

/** `FinetuneCannyInputs`. */
export const cannyFinetunedSchema = z.object({
  ...controlFields,
  canny_low_threshold: cannyThreshold.default(50),
  canny_high_threshold: cannyThreshold.default(200),
  guidance: controlGuidance.default(30),
  safety_tolerance: safetyTolerance.default(2),
  ...webhookFields,
});

/** `FinetuneFluxProFillInputs`. The mask: same size as the image; black keeps, white is repainted. */
export const fillFinetunedSchema = z.object({
  finetune_id: finetuneId,
  finetune_strength: finetuneStrength.default(1.1),
  image: base64String,
  mask: base64String.nullable().optional(),
  prompt: z.string().default(""),
  steps: z.number().int().min(15).max(50).default(50),
  prompt_upsampling: z.boolean().default(false),
  seed: seedNullable,
  guidance: z.number().min(1.5).max(100).default(60),
  output_format: outputFormatSchema.nullable().default("jpeg"),
  safety_tolerance: safetyTolerance.default(2),
  ...webhookFields,
});

export const INFERENCE_SCHEMAS = {
  "flux-pro-1.1-ultra-finetuned": ultraFinetunedSchema,
  "flux-pro-finetuned": proFinetunedSchema,
  "flux-pro-1.0-depth-finetuned": depthFinetunedSchema,
  "flux-pro-1.0-canny-finetuned": cannyFinetunedSchema,
  "flux-pro-1.0-fill-finetuned": fillFinetunedSchema,
  "flux-2-klein-4b-finetuned": kleinFinetunedSchema,
  "flux-2-klein-9b-finetuned": kleinFinetunedSchema,
  "flux-2-klein-9b-kv-finetuned": kleinFinetunedSchema,
  "flux-2-klein-9b-kv-bf16-finetuned": kleinFinetunedSchema,
  "flux-2-klein-base-4b-finetuned": kleinFinetunedSchema,
  "flux-2-klein-base-9b-finetuned": kleinFinetunedSchema,
} as const satisfies Record<InferenceEndpoint, z.ZodObject>;

export type InferenceInput<E extends InferenceEndpoint> = z.infer<(typeof INFERENCE_SCHEMAS)[E]>;
export type AnyInferenceInput = InferenceInput<InferenceEndpoint>;

/** Fields that carry base64 images (kept out of stored parameters and logs). */
export const IMAGE_FIELDS = [
  "image_prompt",
  "control_image",
  "image",
  "mask",
  ...KLEIN_IMAGE_FIELDS,
] as const;
export type ImageField = (typeof IMAGE_FIELDS)[number];

export function isKleinEndpoint(e: InferenceEndpoint): e is KleinEndpoint {
  return (KLEIN_ENDPOINTS as readonly string[]).includes(e);
}

export interface EndpointInfo {
  /** FLUX.1 finetune-era endpoint, or FLUX.2 [klein] LoRA endpoint. */
  family: "flux1" | "klein";
  label: string;
  short: string;
  /** Default `finetune_strength` (1.2 ultra, 1.1 the others). */
  defaultStrength: number;
  /** Image inputs this endpoint requires. */
  requiredImages: readonly ImageField[];
  optionalImages: readonly ImageField[];
  /**
   * Output size is set by `aspect_ratio` (ultra), `width`/`height` (pro), the input image, or optional
   * `width`/`height` that BFL chooses when left empty (klein).
   */
  sizing: "aspect_ratio" | "width_height" | "input_image" | "width_height_optional";
  promptRequired: boolean;
}

/** Depth and canny: the same inputs (`controlFields`), told apart by their control image's use. */
const CONTROL_INFO = {
  defaultStrength: 1.1,
  requiredImages: ["control_image"],
  optionalImages: [],
  family: "flux1",
  sizing: "input_image",
  promptRequired: true,
} as const satisfies Omit<EndpointInfo, "label" | "short">;

export const ENDPOINT_INFO: Record<InferenceEndpoint, EndpointInfo> = {
  "flux-pro-1.1-ultra-finetuned": {
    label: "FLUX1.1 [pro] Ultra finetuned",
    short: "Ultra",
    defaultStrength: 1.2,
    requiredImages: [],
    optionalImages: ["image_prompt"],
    family: "flux1",
    sizing: "aspect_ratio",
    promptRequired: false,
  },
  "flux-pro-finetuned": {
    label: "FLUX.1 [pro] finetuned",
    short: "Pro",
    defaultStrength: 1.1,
    requiredImages: [],
    optionalImages: ["image_prompt"],
    family: "flux1",
    sizing: "width_height",
    promptRequired: false,
  },
  "flux-pro-1.0-depth-finetuned": { label: "FLUX.1 Depth [pro] finetuned", short: "Depth", ...CONTROL_INFO },
  "flux-pro-1.0-canny-finetuned": { label: "FLUX.1 Canny [pro] finetuned", short: "Canny", ...CONTROL_INFO },
  "flux-pro-1.0-fill-finetuned": {
    label: "FLUX.1 Fill [pro] finetuned",
    short: "Fill",
    defaultStrength: 1.1,
    requiredImages: ["image"],
    optionalImages: ["mask"],
    family: "flux1",
    sizing: "input_image",
    promptRequired: false,
  },
  ...kleinInfo(),
};

function kleinInfo(): Record<KleinEndpoint, EndpointInfo> {
  const short: Record<KleinEndpoint, string> = {
    "flux-2-klein-4b-finetuned": "klein 4B",
    "flux-2-klein-9b-finetuned": "klein 9B",
    "flux-2-klein-9b-kv-finetuned": "klein 9B KV",
    "flux-2-klein-9b-kv-bf16-finetuned": "klein 9B KV BF16",
    "flux-2-klein-base-4b-finetuned": "klein Base 4B",
    "flux-2-klein-base-9b-finetuned": "klein Base 9B",
  };
  const out = {} as Record<KleinEndpoint, EndpointInfo>;
  for (const v of KLEIN_VARIANTS) {
    const precision = v.precisions.length === 1 ? ` ${v.precisions[0]?.toUpperCase()}` : "";
    out[v.endpoint] = {
      family: "klein",
      label: `${KLEIN_BASE_MODEL_LABEL[v.base_model]}${precision} LoRA`,
      short: short[v.endpoint],
      defaultStrength: 1,
      requiredImages: [],
      optionalImages: KLEIN_IMAGE_FIELDS,
      sizing: "width_height_optional",
      promptRequired: true,
    };
  }
  return out;
}

/** Pixel size of an ultra image for an aspect ratio: about 4 MP as BFL's ultra mode, rounded to 32. */
export function ultraSize(aspectRatio: string, megapixels = 4): { width: number; height: number } {
  const [w, h] = aspectRatio.split(":").map(Number) as [number, number];
  const total = megapixels * 1024 * 1024;
  const width = Math.sqrt((total * w) / h);
  const round32 = (n: number) => Math.max(32, Math.round(n / 32) * 32);
  return { width: round32(width), height: round32(total / width) };
}
