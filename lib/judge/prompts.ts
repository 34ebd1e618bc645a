import { z } from "zod";
import { escapeRegExp } from "@/lib/playground/prompt-helper";

/**
 * The prompt library's contract and its pure logic (isomorphic: routes, UI and unit tests use it).
 * A saved prompt is a template: `[trigger]` stands for the trigger word of whichever finetune uses it.
 */

export const TRIGGER_PLACEHOLDER = "[trigger]";

/** Whose prompt: a FLUX.1 finetune (its trigger word) or a klein LoRA (its trigger phrase), as the
 * playground's choices (lib/playground/choices.ts) carry them. */
export interface PromptOwner {
  id: string;
  label: string;
  trigger: string | null;
}
const PLACEHOLDER_RE = /\[trigger\]/gi;

export const PROMPT_TITLE_MAX = 120;
export const PROMPT_TEXT_MAX = 2_000;
/** Import files larger than this many prompts are refused (a library, not a data set). */
export const PROMPT_IMPORT_MAX = 1_000;

export const savedPromptSchema = z.object({
  id: z.string(),
  /** null: a global prompt, offered for every finetune. */
  finetune_id: z.string().nullable(),
  title: z.string(),
  text: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SavedPrompt = z.infer<typeof savedPromptSchema>;
export const promptListSchema = z.object({ prompts: z.array(savedPromptSchema) });
export const promptEnvelopeSchema = z.object({ prompt: savedPromptSchema });

const title = z
  .string({ message: "must be text" })
  .trim()
  .min(1, { message: "give the prompt a short title" })
  .max(PROMPT_TITLE_MAX, { message: `is longer than ${PROMPT_TITLE_MAX} characters` });
const text = z
  .string({ message: "must be text" })
  .trim()
  .min(1, { message: "the prompt is empty" })
  .max(PROMPT_TEXT_MAX, { message: `is longer than ${PROMPT_TEXT_MAX} characters` });

/** Body of `POST /api/prompts` (the route narrows `finetune_id` to a valid id). */
export const newPromptSchema = z.strictObject({
  title,
  text,
  finetune_id: z.string().nullable().optional(),
});
export type NewPrompt = z.infer<typeof newPromptSchema>;

/** Body of `PATCH /api/prompts/{id}`. */
export const promptPatchSchema = z
  .strictObject({ title: title.optional(), text: text.optional() })
  .refine((p) => p.title !== undefined || p.text !== undefined, { message: "send a title or a text" });

export const PROMPT_EXPORT_FORMAT = "finetune-studio-prompts";

/**
 * The file `GET /api/prompts/export` writes and `POST /api/prompts/import` reads. The server passes its
 * stricter finetune-id schema; the browser uses the plain one.
 */
export function makePromptExportSchema(finetuneId: z.ZodType<string> = z.string()) {
  return z.object({
    format: z.literal(PROMPT_EXPORT_FORMAT, {
      message: `is not "${PROMPT_EXPORT_FORMAT}": this is not a Finetune Studio prompt export`,
    }),
    version: z.literal(1, { message: "must be 1 (the only version this dashboard reads)" }),
    exported_at: z.string().optional(),
    prompts: z
      .array(z.object({ title, text, finetune_id: finetuneId.nullable().optional() }))
      .max(PROMPT_IMPORT_MAX, { message: `holds more than ${PROMPT_IMPORT_MAX} prompts` }),
  });
}
export const promptExportSchema = makePromptExportSchema();
export type PromptExport = z.infer<typeof promptExportSchema>;

export const importResultSchema = z.object({ imported: z.number(), skipped_duplicates: z.number() });
export type ImportResult = z.infer<typeof importResultSchema>;

export function hasPlaceholder(template: string): boolean {
  return /\[trigger\]/i.test(template);
}

/**
 * The template with every `[trigger]` replaced by the finetune's trigger word or phrase. A finetune
 * without one (some found at BFL) gets the placeholder removed, with the commas around it tidied.
 */
export function fillTrigger(template: string, trigger: string | null | undefined): string {
  const t = (trigger ?? "").trim();
  if (t) return template.replace(PLACEHOLDER_RE, () => t);
  return template
    .replace(PLACEHOLDER_RE, "")
    .replace(/\s*,\s*(,\s*)+/g, ", ")
    .replace(/^[\s,]+|[\s,]+$/g, "")
    .replace(/ {2,}/g, " ");
}

/**
 * A prompt written for one finetune turned into a template: each whole-word use of its trigger becomes
 * `[trigger]`, so the saved prompt works for any finetune.
 */
export function toTemplate(prompt: string, trigger: string | null | undefined): string {
  const t = (trigger ?? "").trim();
  if (!t) return prompt;
  const re = new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRegExp(t)}(?=$|[^\\p{L}\\p{N}_])`, "giu");
  return prompt.replace(re, (_m, before: string) => `${before}${TRIGGER_PLACEHOLDER}`);
}

/** Same owner, title and text: an import skips it instead of storing a second copy. */
export function promptKey(p: { finetune_id?: string | null; title: string; text: string }): string {
  return JSON.stringify([p.finetune_id ?? null, p.title.trim(), p.text.trim()]);
}

/** Global prompts and the finetune's own, the finetune's first (newest first within each). */
export function promptsFor(prompts: readonly SavedPrompt[], finetuneId: string | null): SavedPrompt[] {
  const own = prompts.filter((p) => finetuneId !== null && p.finetune_id === finetuneId);
  const global = prompts.filter((p) => p.finetune_id === null);
  return [...own, ...global];
}
