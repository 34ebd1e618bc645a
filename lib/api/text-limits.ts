import { z } from "zod";

/**
 * Length limits of the dashboard's free-text fields. BFL documents none for these, so they are ours:
 * far above any real use (a FLUX prompt is read up to 512 tokens), low enough that one request cannot
 * make every later list answer megabytes long. Captions are limited inside the ZIP (ZIP_LIMITS).
 */
export const TEXT_LIMITS = {
  prompt: 10_000,
  finetune_comment: 1_000,
  trigger_word: 100,
} as const;

export type LimitedField = keyof typeof TEXT_LIMITS;

/** The message for the first field over its limit, or null. Counts characters (UTF-16 units). */
export function textTooLong(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  for (const [field, max] of Object.entries(TEXT_LIMITS)) {
    const v = (body as Record<string, unknown>)[field];
    if (typeof v === "string" && v.length > max) {
      return `${field}: at most ${max.toLocaleString("en-US")} characters (this one has ${v.length.toLocaleString("en-US")}).`;
    }
  }
  return null;
}

/**
 * The limits as a schema that runs before a body's shape is checked, so an over-long field is named as
 * such whatever else is wrong: pipe the body's schema after it.
 */
export const withinTextLimits = z.unknown().superRefine((value, ctx) => {
  const tooLong = textTooLong(value);
  if (tooLong) ctx.addIssue({ code: "custom", message: tooLong });
});
