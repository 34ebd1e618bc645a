import { z } from "zod";
import { base64String, webhookFields } from "./common";

export const FINETUNE_MODES = ["general", "character", "style", "product"] as const;
export const finetuneModeSchema = z.enum(FINETUNE_MODES);
export type FinetuneMode = z.infer<typeof finetuneModeSchema>;

export const finetuneTypeSchema = z.enum(["lora", "full"]);
export type FinetuneType = z.infer<typeof finetuneTypeSchema>;

export const prioritySchema = z.enum(["speed", "quality", "high_res_only"]);
export type Priority = z.infer<typeof prioritySchema>;

export const loraRankSchema = z.union([z.literal(16), z.literal(32)]);
export type LoraRank = z.infer<typeof loraRankSchema>;

export const ITERATIONS = { min: 100, max: 1000, default: 300 } as const;
export const LEARNING_RATE = { min: 1e-6, max: 0.005 } as const;

export const FINETUNE_DEFAULTS = {
  trigger_word: "TOK",
  iterations: ITERATIONS.default,
  captioning: true,
  priority: "quality",
  finetune_type: "full",
  lora_rank: 32,
} as const;

/** The guide: 1e-5 for `full`, 1e-4 for `lora` (ten times larger). */
export function defaultLearningRate(type: FinetuneType): number {
  return type === "lora" ? 1e-4 : 1e-5;
}

/** Every create parameter except the ZIP itself; shared by the dashboard form and the server. */
export const finetuneParamsShape = {
  finetune_comment: z.string().min(1),
  mode: finetuneModeSchema,
  trigger_word: z.string().default(FINETUNE_DEFAULTS.trigger_word),
  iterations: z.number().int().min(ITERATIONS.min).max(ITERATIONS.max).default(ITERATIONS.default),
  learning_rate: z.number().min(LEARNING_RATE.min).max(LEARNING_RATE.max).nullable().default(null),
  captioning: z.boolean().default(FINETUNE_DEFAULTS.captioning),
  priority: prioritySchema.default(FINETUNE_DEFAULTS.priority),
  finetune_type: finetuneTypeSchema.default(FINETUNE_DEFAULTS.finetune_type),
  lora_rank: loraRankSchema.default(FINETUNE_DEFAULTS.lora_rank),
  ...webhookFields,
};

export const finetuneParamsSchema = z.object(finetuneParamsShape);
export type FinetuneParams = z.infer<typeof finetuneParamsSchema>;
export type FinetuneParamsInput = z.input<typeof finetuneParamsSchema>;

/** `POST /v1/finetune` body (`FinetuneInputs`). */
export const finetuneInputsSchema = z.object({
  file_data: base64String,
  ...finetuneParamsShape,
});
export type FinetuneInputs = z.infer<typeof finetuneInputsSchema>;

/** The learning rate BFL will actually use. */
export function effectiveLearningRate(p: Pick<FinetuneParams, "learning_rate" | "finetune_type">): number {
  return p.learning_rate ?? defaultLearningRate(p.finetune_type);
}

/** `POST /v1/finetune` answer: untyped in the spec; clients read `finetune_id`, some `id`. */
export const finetuneCreateResponseSchema = z
  .object({
    finetune_id: z.string().optional(),
    id: z.string().optional(),
    polling_url: z.string().min(1).nullable().optional(),
  })
  .refine((v) => v.finetune_id !== undefined || v.id !== undefined, "finetune_id missing")
  .transform((v) => ({ finetune_id: (v.finetune_id ?? v.id) as string, polling_url: v.polling_url ?? null }));

/** Dataset rules from the guide: 1 to 20 images, JPG/JPEG/PNG/WebP, more than 5 recommended, 1 MP cap. */
export const DATASET_RULES = {
  minImages: 1,
  maxImages: 20,
  recommendedMinImages: 5,
  imageExtensions: ["jpg", "jpeg", "png", "webp"],
  captionExtension: "txt",
  maxPixels: 1024 * 1024,
} as const;
