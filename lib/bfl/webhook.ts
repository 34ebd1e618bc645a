import { z } from "zod";

/**
 * BFL's task webhooks, as far as anyone knows (see docs/architecture.md, "Webhooks"). Sources disagree,
 * so a receiver accepts both shapes:
 *  - "signed":  `{id, status: "Ready", result, timestamp}` with `X-BFL-Signature: sha256=<hex>`, the
 *               HMAC-SHA256 of the raw body keyed by `webhook_secret` (BFL's agent-skills repo);
 *  - "legacy":  `{task_id, status: "SUCCESS" | <moderation status>, result: {sample, prompt}}` with the
 *               secret itself in `X-Webhook-Secret` (production client code, BFL's unreleased SDK).
 * Signing and checking (node:crypto) live in `lib/node/webhook-signature.ts`; this file is the shape only.
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
