import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";

/**
 * Ids that appear in URLs and file names. The patterns are strict so that `../`, slashes, dots or other
 * junk never reach the database or the file system.
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A finetune id: ours (UUID) or BFL's (UUID, or a LoRA name of letters, digits, `-` and `_`). */
export const finetuneIdSchema = z
  .string()
  .regex(ID_PATTERN, { message: "is not a valid finetune id (letters, digits, '-' and '_' only)" });

export const generationIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: "is not a valid generation id",
  });

export const imageIndexSchema = z.coerce
  .number({ message: "must be a number" })
  .int({ message: "must be a whole number" })
  .min(0)
  .max(999);

export function newId(): string {
  return randomUUID();
}

export function nowIso(): string {
  return new Date().toISOString();
}
