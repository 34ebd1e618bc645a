import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * BFL's task webhooks, as far as anyone knows (see docs/architecture.md, "Webhooks"). Sources disagree,
 * so a receiver accepts both shapes:
 *  - "signed":  `{id, status: "Ready", result, timestamp}` with `X-BFL-Signature: sha256=<hex>`, the
 *               HMAC-SHA256 of the raw body keyed by `webhook_secret` (BFL's agent-skills repo);
 *  - "legacy":  `{task_id, status: "SUCCESS" | <moderation status>, result: {sample, prompt}}` with the
 *               secret itself in `X-Webhook-Secret` (production client code, BFL's unreleased SDK).
 * Node-only (node:crypto): used by the dashboard's server and the simulator, never by the browser, so it
 * is not re-exported from `lib/bfl/index.ts`.
 */

export const BFL_SIGNATURE_HEADER = "x-bfl-signature";
export const BFL_SECRET_HEADER = "x-webhook-secret";
export const WEBHOOK_SHAPES = ["signed", "legacy"] as const;
export type WebhookShape = (typeof WEBHOOK_SHAPES)[number];

export const bflWebhookSchema = z.looseObject({
  id: z.string().min(1).max(200).optional(),
  task_id: z.string().min(1).max(200).optional(),
  status: z.string().min(1).max(100),
});
export type BflWebhook = z.infer<typeof bflWebhookSchema>;

/** The task id of either shape (`id` or `task_id`). */
export function webhookTaskId(body: BflWebhook): string | undefined {
  return body.id ?? body.task_id;
}

/** `SUCCESS` (legacy shape) means `Ready`; every other status is BFL's own word. */
export function webhookStatus(body: BflWebhook): string {
  return body.status === "SUCCESS" ? "Ready" : body.status;
}

/** Lower-case hex HMAC-SHA256 of `text` keyed by `secret`. */
export function hmacHex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text).digest("hex");
}

/** `sha256=<hex>`, the form of both BFL's `X-BFL-Signature` and our own outbound signature. */
export function signatureHeader(secret: string, text: string): string {
  return `sha256=${hmacHex(secret, text)}`;
}

/** Constant-time string equality (the lengths are not secret: both sides are fixed-size or public). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Does a webhook prove it knows `secret`? Either shape's proof is accepted: a valid `X-BFL-Signature`
 * over the raw body, or the secret echoed in `X-Webhook-Secret`. Both compared in constant time.
 */
export function webhookAuthentic(
  secret: string,
  rawBody: string,
  headers: { signature: string | null; secret: string | null },
): boolean {
  let ok = false;
  if (headers.signature !== null)
    ok = safeEqual(headers.signature.trim().toLowerCase(), signatureHeader(secret, rawBody));
  if (headers.secret !== null) ok = safeEqual(headers.secret, secret) || ok;
  return ok;
}
