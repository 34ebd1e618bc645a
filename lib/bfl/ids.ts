import { z } from "zod";

/**
 * Finetune ids BFL accepts as `finetune_id`: a FLUX.1 finetune's UUID, the name of an uploaded LoRA
 * (lowercase letters, digits, `-`, `_`: the name *is* the id), or a LoRA shared in an organisation as
 * `org-id/name` (bfl-today.md). No dots and at most one slash, so an id can never walk a path; it is
 * still URL-encoded wherever it goes into a URL and never used to build a file path.
 */
const SEGMENT = "[A-Za-z0-9_-]{1,128}";
const FINETUNE_ID = new RegExp(`^(?:${SEGMENT}/)?${SEGMENT}$`);

export const finetuneIdSchema = z.string().regex(FINETUNE_ID, {
  message: "is not a valid finetune id (a UUID, a LoRA name of letters, digits, '-' and '_', or org-id/name)",
});

/** A LoRA name as BFL's dashboard allows it when uploading: lowercase letters, digits, `-`, `_`. */
export const loraNameSchema = z
  .string()
  .trim()
  .min(1, { message: "is required" })
  .max(128, { message: "must be at most 128 characters" })
  .regex(/^[a-z0-9_-]+$/, { message: "may hold only lowercase letters, digits, '-' and '_'" });

/** What a person may type to add a LoRA: its name, or `org-id/name` for one shared in an organisation. */
export const loraIdSchema = z
  .string()
  .trim()
  .min(1, { message: "is required" })
  .regex(/^(?:[A-Za-z0-9_-]{1,128}\/)?[a-z0-9_-]{1,128}$/, {
    message:
      "must be a LoRA name (lowercase letters, digits, '-' and '_') or org-id/name for a LoRA shared in an organisation",
  });

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Split `org-id/name` into its parts; a plain id has no organisation. */
export function splitFinetuneId(id: string): { org: string | null; name: string } {
  const slash = id.indexOf("/");
  return slash < 0 ? { org: null, name: id } : { org: id.slice(0, slash), name: id.slice(slash + 1) };
}
