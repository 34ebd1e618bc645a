import { z } from "zod";

/**
 * `StatusResponse` of the finetune-era spec, plus the in-flight words newer services send
 * (`Generating`, `Reasoning`: treated as Pending). A poll answer may carry any other word too; see
 * `isTerminalBflStatus`.
 */
export const BFL_STATUSES = [
  "Task not found",
  "Pending",
  "Generating",
  "Reasoning",
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

/** True for a status after which the task never changes; any unknown word is still in flight. */
export function isTerminalBflStatus(status: string): boolean {
  return (TERMINAL_BFL_STATUSES as ReadonlySet<string>).has(status);
}

/** `AsyncResponse`: every submission. FLUX.2 endpoints add the price and megapixels. */
export const asyncResponseSchema = z.object({
  id: z.string().min(1),
  polling_url: z.string().min(1),
  cost: z.number().nullable().optional(),
  input_mp: z.number().nullable().optional(),
  output_mp: z.number().nullable().optional(),
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

/**
 * `ResultResponse` of `GET /v1/get_result?id=` (or the `polling_url`). `status` is any word: BFL adds
 * in-flight words over time, and an unknown one must read as "still working", not as a broken answer.
 * The body may come with a non-200 status (422, 503) and still be a finished task.
 */
export const resultResponseSchema = z.looseObject({
  id: z.string(),
  status: z.string().min(1),
  result: z.unknown().nullable().optional(),
  progress: z.number().nullable().optional(),
  details: z.record(z.string(), z.unknown()).nullable().optional(),
  preview: z.unknown().nullable().optional(),
});
export type ResultResponse = z.infer<typeof resultResponseSchema>;

/**
 * BFL's reason for a failed or moderated task: `details.error` (today), `result.error` (formerly),
 * or the `details["Moderation Reasons"]` list (since 2026-06). Null when it gave none. Only short,
 * printable text is kept: it is shown to the person.
 */
export function bflTaskReason(task: Pick<ResultResponse, "result" | "details">): string | null {
  const clean = (v: unknown): string | null => {
    if (typeof v !== "string") return null;
    const t = v
      .replace(/[^\x20-\x7E\u00A0-\uFFFF]/g, " ")
      .trim()
      .slice(0, 300);
    return t || null;
  };
  const details = task.details ?? {};
  const fromDetails = clean(details.error) ?? clean(details.message);
  if (fromDetails) return fromDetails;
  const result = task.result;
  if (result && typeof result === "object" && "error" in result) {
    const r = clean((result as { error: unknown }).error);
    if (r) return r;
  }
  const reasons = details["Moderation Reasons"];
  if (Array.isArray(reasons)) {
    const words = reasons.map(clean).filter((w): w is string => w !== null);
    if (words.length > 0) return words.join(", ").slice(0, 300);
  }
  return null;
}

/**
 * One `my_finetunes` entry. BFL's beta answered finetune ids; for uploaded LoRAs the shape is not
 * documented, so strings and objects (with `finetune_id`, `id` or `name`) are all read.
 */
export const myFinetunesEntrySchema = z.union([
  z.string(),
  z.looseObject({
    finetune_id: z.string().optional(),
    id: z.string().optional(),
    name: z.string().optional(),
  }),
]);
export type MyFinetunesEntry = z.infer<typeof myFinetunesEntrySchema>;

/** `GET /v1/my_finetunes`: entries of any shape; ones that carry no id are skipped by `entryFinetuneId`. */
export const myFinetunesResponseSchema = z.looseObject({ finetunes: z.array(z.unknown()) });

/** The finetune id of a `my_finetunes` entry, or null when it carries none. */
export function entryFinetuneId(entry: unknown): string | null {
  const parsed = myFinetunesEntrySchema.safeParse(entry);
  if (!parsed.success) return null;
  const e = parsed.data;
  const id = typeof e === "string" ? e : (e.finetune_id ?? e.id ?? e.name);
  return id?.trim() ? id.trim() : null;
}

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
  // Keys an uploaded LoRA's details might carry (undocumented, read when present).
  name: z.string().nullable().optional(),
  base_model: z.string().nullable().optional(),
  precision: z.string().nullable().optional(),
  trigger_phrase: z.string().nullable().optional(),
});
/** Details may come wrapped in `finetune_details` (beta) or bare; both are read. */
export const finetuneDetailsResponseSchema = z.union([
  z.object({ finetune_details: finetuneDetailsSchema }).transform((v) => v.finetune_details),
  finetuneDetailsSchema,
]);
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
