import { z } from "zod";
import {
  finetuneModeSchema,
  finetuneTypeSchema,
  inferenceEndpointSchema,
  isTerminalBflStatus,
  kleinBaseModelSchema,
  kleinPrecisionSchema,
  loraIdSchema,
  prioritySchema,
  regionSchema,
} from "@/lib/bfl";
import { apiErrorSchema } from "./errors";

/**
 * The dashboard API's own resource shapes (snake_case like BFL's). Isomorphic: the route handlers build
 * them, the pages parse them. BFL's shapes live in `lib/bfl`.
 */

/** Queued: held by the dashboard until BFL has a free slot (24 unfinished tasks per account). */
export const finetuneStatusSchema = z.enum(["Queued", "Pending", "Ready", "Error"]);
export type FinetuneStatus = z.infer<typeof finetuneStatusSchema>;

export const statusEventSchema = z.object({ status: z.string(), at: z.string() });
export type StatusEvent = z.infer<typeof statusEventSchema>;

export const finetuneSchema = z.object({
  id: z.string(),
  finetune_comment: z.string(),
  trigger_word: z.string(),
  mode: finetuneModeSchema.or(z.string()),
  finetune_type: finetuneTypeSchema.or(z.string()),
  lora_rank: z.number().nullable(),
  iterations: z.number().nullable(),
  /** The rate BFL uses (the default for the type when none was given). */
  learning_rate: z.number().nullable(),
  priority: prioritySchema.or(z.string()).nullable(),
  captioning: z.boolean().nullable(),
  region: regionSchema,
  status: finetuneStatusSchema,
  /** BFL's numeric progress (0 to 1) when it gives one; null otherwise. */
  progress: z.number().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Plain-words reason when status is Error. */
  error: z.string().nullable(),
  /** Created through this dashboard (we hold its dataset) or found in BFL's my_finetunes. */
  source: z.enum(["dashboard", "bfl"]),
  has_dataset: z.boolean(),
  image_count: z.number().nullable(),
  /** URLs of training-image thumbnails served by the dashboard. */
  thumbnails: z.array(z.string()),
  timeline: z.array(statusEventSchema),
  /** Trained in another region than the one configured: listed, but cannot be used from here. */
  region_mismatch: z.boolean(),
  /** BFL's id for this finetune (differs from `id` for ones created here; null until submitted). */
  bfl_id: z.string().nullable().optional(),
});
export type Finetune = z.infer<typeof finetuneSchema>;

/** One training image of a stored dataset (`GET /api/finetunes/{id}/images`). */
export const datasetImageSchema = z.object({
  index: z.number(),
  name: z.string(),
  caption: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  url: z.string(),
  thumbnail_url: z.string(),
});
export type DatasetImage = z.infer<typeof datasetImageSchema>;
export const datasetImageListSchema = z.object({ images: z.array(datasetImageSchema) });

/**
 * A FLUX.2 [klein] LoRA finetune: uploaded in BFL's dashboard (BFL's API cannot upload one) and either
 * added here by name ("added", stored locally) or found in BFL's `my_finetunes` ("bfl"). Its `id` is the
 * `finetune_id` sent to BFL: the LoRA name, or `org-id/name` for one shared in an organisation. Put it in
 * URLs with encodeURIComponent.
 */
export const loraFinetuneSchema = z.object({
  id: z.string(),
  /** The name part of the id (what BFL's dashboard shows). */
  name: z.string(),
  /** The organisation that shared it; null for the account's own. */
  owner_org_id: z.string().nullable(),
  /** Null when BFL listed it without saying (then every klein endpoint is offered). */
  base_model: kleinBaseModelSchema.nullable(),
  precision: kleinPrecisionSchema.nullable(),
  trigger_phrase: z.string().nullable(),
  source: z.enum(["added", "bfl"]),
  /** Endpoints that can serve it here (see `servingEndpoints` in lib/bfl). */
  endpoints: z.array(inferenceEndpointSchema),
  created_at: z.string(),
});
export type LoraFinetune = z.infer<typeof loraFinetuneSchema>;
export const loraEnvelopeSchema = z.object({ lora: loraFinetuneSchema });

/** `POST /api/loras`: add a LoRA uploaded at BFL, by name or `org-id/name`. */
export const addLoraRequestSchema = z.object({
  id: loraIdSchema,
  base_model: kleinBaseModelSchema,
  precision: kleinPrecisionSchema,
  trigger_phrase: z
    .string()
    .trim()
    .max(200, { message: "must be at most 200 characters" })
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type AddLoraRequest = z.input<typeof addLoraRequestSchema>;

export const finetuneListSchema = z.object({
  finetunes: z.array(finetuneSchema),
  /** FLUX.2 [klein] LoRAs: added here or listed by BFL. */
  loras: z.array(loraFinetuneSchema).default([]),
  /**
   * Set when BFL could not be asked (the list then holds only this dashboard's own records, whose
   * status the server tracks): the page says so and offers a retry.
   */
  upstream_error: apiErrorSchema.nullable().optional(),
  /** Ask for the next page with `?cursor=`; null on the last page. */
  next_cursor: z.string().nullable().default(null),
  /** How many FLUX.1 finetunes all pages hold together. */
  total: z.number().int().nonnegative().optional(),
});
export type FinetuneListResponse = z.infer<typeof finetuneListSchema>;
export const finetuneEnvelopeSchema = z.object({ finetune: finetuneSchema });

export const generationStatusSchema = z.enum([
  "Queued",
  "Pending",
  "Ready",
  "Request Moderated",
  "Content Moderated",
  "Error",
]);
export type GenerationStatus = z.infer<typeof generationStatusSchema>;
/** The statuses a generation ends in: BFL's terminal ones it can hold. */
export const TERMINAL_GENERATION_STATUSES: ReadonlySet<GenerationStatus> = new Set(
  generationStatusSchema.options.filter(isTerminalBflStatus),
);

export const generationSchema = z.object({
  id: z.string(),
  finetune_id: z.string(),
  /** The finetune's comment at generation time (kept after the finetune is deleted). */
  finetune_comment: z.string().nullable(),
  finetune_deleted: z.boolean(),
  endpoint: inferenceEndpointSchema,
  finetune_strength: z.number(),
  prompt: z.string(),
  seed: z.number().nullable(),
  /** Every parameter sent, without base64 images (those are flagged in `inputs`). */
  params: z.record(z.string(), z.unknown()),
  /** Which image inputs were sent (e.g. ["control_image"]); the pixels stay in DATA_DIR. */
  inputs: z.array(z.string()),
  status: generationStatusSchema,
  /** BFL's own word for a task still in flight ("Generating", "Reasoning"), shown as is; null otherwise. */
  bfl_status: z.string().nullable().optional(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Dashboard URL of the stored image once Ready; never BFL's expiring link. */
  image_url: z.string().nullable(),
  thumbnail_url: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  output_format: z.string().nullable(),
  cost: z.number().nullable(),
  /** Groups the tiles of one strength sweep. */
  sweep_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  timeline: z.array(statusEventSchema),
  /** Starred in the gallery (absent from older answers: not a favourite). */
  favourite: z.boolean().optional(),
});
export type Generation = z.infer<typeof generationSchema>;

export const generationListSchema = z.object({
  generations: z.array(generationSchema),
  /** Pass as `before` to get the next (older) page; null on the last page. */
  next_cursor: z.string().nullable().optional(),
});
export const generationEnvelopeSchema = z.object({ generation: generationSchema });

/** `POST /api/generations`: an endpoint plus that endpoint's BFL parameters (validated per endpoint). */
export const createGenerationRequestSchema = z.looseObject({
  endpoint: inferenceEndpointSchema,
  finetune_id: z.string().min(1),
  finetune_strength: z.number().min(0).max(2).optional(),
  sweep_id: z.string().max(64).optional(),
});

/** A call BFL no longer serves, from the dated table in lib/bfl or learned from a live 404. */
export const retiredCallInfoSchema = z.object({
  path: z.string(),
  endpoint: inferenceEndpointSchema.nullable(),
  reason: z.string(),
  /** The dated table's date, or when the server saw the 404. */
  since: z.string(),
  learned: z.boolean(),
});
export type RetiredCallInfo = z.infer<typeof retiredCallInfoSchema>;

export const healthSchema = z.object({
  status: z.literal("ok"),
  mode: z.enum(["simulator", "bfl"]),
  region: regionSchema,
  /**
   * Live BFL's rules apply (retired calls are refused and not offered): BFL itself, or a simulator
   * playing today's service.
   */
  live: z.boolean().optional(),
  /** Whether BFL's host answered (any HTTP answer counts); null when not checked. */
  bfl: z
    .object({ reachable: z.boolean().nullable(), host: z.string(), message: z.string().nullable() })
    .optional(),
  retired: z.array(retiredCallInfoSchema).optional(),
  /** Where files are kept (DATA_DIR or an S3-compatible bucket) and whether they can be written now. */
  storage: z
    .object({ driver: z.enum(["local", "s3"]), ok: z.boolean(), message: z.string().nullable() })
    .optional(),
});
export type Health = z.infer<typeof healthSchema>;
