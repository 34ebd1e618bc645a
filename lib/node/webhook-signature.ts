import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signing and checking BFL-style webhooks (shapes in `lib/bfl/webhook.ts`). Node-only (node:crypto):
 * used by the dashboard's server and the simulator, never by the browser.
 */

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
