import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Signed session cookies. A token is `<expires>.<nonce>.<hmac>`: nothing secret is inside, the HMAC
 * (SHA-256, keyed by the session secret and the password) proves the server issued it. Changing the
 * password or the secret ends every session.
 */

export const SESSION_COOKIE = "fts_session";
/** How long a login lasts. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const keys = new Map<string, Buffer>();

/** The signing key for a password and secret; cached because the gate and proxy check every request. */
export function sessionKey(password: string, secret: string): Buffer {
  const id = `${secret}\u0000${password}`;
  let key = keys.get(id);
  if (!key) {
    key = createHmac("sha256", secret).update(password).digest();
    if (keys.size > 8) keys.clear();
    keys.set(id, key);
  }
  return key;
}

function sign(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(`v1.${payload}`).digest("base64url");
}

export function createSessionToken(key: Buffer, nowMs = Date.now()): string {
  const expires = Math.floor(nowMs / 1000) + SESSION_TTL_SECONDS;
  const payload = `${expires}.${randomBytes(16).toString("base64url")}`;
  return `${payload}.${sign(key, payload)}`;
}

/** True when the token was signed with `key` and has not expired. Constant-time on the signature. */
export function verifySessionToken(key: Buffer, token: string | undefined, nowMs = Date.now()): boolean {
  if (!token || token.length > 200) return false;
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const [expiresText, nonce, signature] = parts as [string, string, string];
  if (!/^\d{1,12}$/.test(expiresText) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return false;
  const expires = Number(expiresText);
  const now = Math.floor(nowMs / 1000);
  if (expires <= now || expires > now + SESSION_TTL_SECONDS + 60) return false;
  const expected = Buffer.from(sign(key, `${expiresText}.${nonce}`));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Compares hashes, so neither the length nor the content of the password leaks through timing. */
export function passwordMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `https` directly or behind a TLS-terminating proxy that says so. */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  try {
    return new URL(request.url).protocol === "https:";
  } catch {
    return false;
  }
}

export function readCookie(request: Request, name: string): string | undefined {
  return cookieFromHeader(request.headers.get("cookie"), name);
}

export function cookieFromHeader(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function cookieAttributes(request: Request, maxAge: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${isHttps(request) ? "; Secure" : ""}`;
}

export function sessionCookie(request: Request, token: string): string {
  return `${SESSION_COOKIE}=${token}; ${cookieAttributes(request, SESSION_TTL_SECONDS)}`;
}

export function clearedSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=; ${cookieAttributes(request, 0)}`;
}
