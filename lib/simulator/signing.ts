import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Result links shaped like BFL's Azure SAS delivery links: `…/sample.jpeg?se=<ISO expiry>&sp=r&sig=<hmac>`.
 * The signature covers the path and the expiry, so neither can be changed.
 */

function sign(key: string, pathname: string, se: string): string {
  return createHmac("sha256", key).update(`${pathname}\n${se}`).digest("base64url");
}

export function signedQuery(key: string, pathname: string, expiresAt: number): string {
  // Whole seconds like a SAS `se`, rounded up so a link never lives shorter than the TTL.
  const se = new Date(Math.ceil(expiresAt / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `se=${encodeURIComponent(se)}&sp=r&sig=${sign(key, pathname, se)}`;
}

export type LinkCheck = "ok" | "bad_signature" | "expired";

export function checkSignedLink(
  key: string,
  pathname: string,
  query: URLSearchParams,
  now: number,
): LinkCheck {
  const se = query.get("se");
  const sig = query.get("sig");
  if (!se || !sig) return "bad_signature";
  const expected = Buffer.from(sign(key, pathname, se));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "bad_signature";
  const expiry = Date.parse(se);
  if (!Number.isFinite(expiry) || now > expiry) return "expired";
  return "ok";
}
