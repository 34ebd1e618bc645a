import { z } from "zod";

/** `StatusResponse` of the finetune-era spec. */
export const BFL_STATUSES = [
  "Task not found",
  "Pending",
  "Request Moderated",
  "Content Moderated",
  "Ready",
  "Error",
] as const;
export const bflStatusSchema = z.enum(BFL_STATUSES);
export type BflStatus = z.infer<typeof bflStatusSchema>;

/** Statuses after which a task never changes again. */
export const TERMINAL_BFL_STATUSES: ReadonlySet<BflStatus> = new Set([
  "Task not found",
  "Request Moderated",
  "Content Moderated",
  "Ready",
  "Error",
]);

/** `AsyncResponse`: every submission. */
export const asyncResponseSchema = z.object({
  id: z.string().min(1),
  polling_url: z.string().min(1),
  cost: z.number().nullable().optional(),
});
export type AsyncResponse = z.infer<typeof asyncResponseSchema>;

/** `result` of a Ready inference task. */
export const inferenceResultSchema = z.looseObject({
  sample: z.string().min(1),
  prompt: z.string().nullable().optional(),
  seed: z.number().int().nullable().optional(),
  start_time: z.number().nullable().optional(),
  end_time: z.number().nullable().optional(),
  duration: z.number().nullable().optional(),
});
export type InferenceResult = z.infer<typeof inferenceResultSchema>;

/** `ResultResponse` of `GET /v1/get_result?id=`. */
export const resultResponseSchema = z.object({
  id: z.string(),
  status: bflStatusSchema,
  result: z.unknown().nullable().optional(),
  progress: z.number().nullable().optional(),
  details: z.record(z.string(), z.unknown()).nullable().optional(),
  preview: z.unknown().nullable().optional(),
});
export type ResultResponse = z.infer<typeof resultResponseSchema>;

/** `GET /v1/my_finetunes`: a list of finetune ids. */
export const myFinetunesResponseSchema = z.object({ finetunes: z.array(z.string()) });

/** `GET /v1/finetune_details?finetune_id=`: keys seen by clients; BFL allows more. */
export const finetuneDetailsSchema = z.looseObject({
  finetune_comment: z.string().nullable().optional(),
  trigger_word: z.string().nullable().optional(),
  mode: z.string().nullable().optional(),
  finetune_type: z.string().nullable().optional(),
  lora_rank: z.number().nullable().optional(),
  iterations: z.number().nullable().optional(),
  learning_rate: z.number().nullable().optional(),
  priority: z.string().nullable().optional(),
  captioning: z.boolean().nullable().optional(),
  timestamp: z.string().nullable().optional(),
});
export const finetuneDetailsResponseSchema = z.object({ finetune_details: finetuneDetailsSchema });
export type FinetuneDetails = z.infer<typeof finetuneDetailsSchema>;

/** `POST /v1/delete_finetune`. */
export const deleteFinetuneInputSchema = z.object({ finetune_id: z.string().min(1) });
export const deleteFinetuneResponseSchema = z.object({
  status: z.string(),
  message: z.string(),
  deleted_finetune_id: z.string(),
  timestamp: z.string(),
});

/** `GET /v1/credits` (bfl-api.md §2): the account's balance in credits (1 credit = $0.01). */
export const creditsResponseSchema = z.object({ credits: z.number() });
