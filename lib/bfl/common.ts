import { z } from "zod";

/** `safety_tolerance`: 0 (strictest) to 6, default 2, on every FLUX.1/1.1 endpoint. */
export const safetyTolerance = z.number().int().min(0).max(6);
export const outputFormatSchema = z.enum(["jpeg", "png"]);
export type OutputFormat = z.infer<typeof outputFormatSchema>;

export const webhookFields = {
  webhook_url: z.url().min(1).max(2083).nullable().optional(),
  webhook_secret: z.string().nullable().optional(),
};

/** `finetune_strength`: 0 (base model) to 2. */
export const finetuneStrength = z.number().min(0).max(2);

/** Base64 payload (images, ZIPs). Data-URL prefixes are not part of BFL's contract. */
export const base64String = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, { message: "must be base64-encoded" });
