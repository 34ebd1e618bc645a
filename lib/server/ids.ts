import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";

/**
 * Ids that appear in URLs. The patterns are strict so that `../`, dots or other junk never reach the
 * database; a finetune id (lib/bfl: UUID, LoRA name or `org-id/name`) is never used as a file name.
 */
export { finetuneIdSchema } from "@/lib/bfl/ids";

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
