/**
 * Documented trigger words (docs/simulator.md): a prompt containing `moderate-me` is refused at once
 * (`Request Moderated`); one containing `unsafe-output` is generated and then withheld
 * (`Content Moderated`). Neither is charged, as at BFL.
 */
export const REQUEST_MODERATION_WORD = "moderate-me";
export const CONTENT_MODERATION_WORD = "unsafe-output";

export function moderationFor(prompt: string | null | undefined): "request" | "content" | null {
  const p = (prompt ?? "").toLowerCase();
  if (p.includes(REQUEST_MODERATION_WORD)) return "request";
  if (p.includes(CONTENT_MODERATION_WORD)) return "content";
  return null;
}

export const MODERATION_REASONS = {
  request: ['Simulator request filter (prompt contains "moderate-me")'],
  content: ['Simulator output filter (prompt contains "unsafe-output")'],
} as const;
