import "server-only";
import { getConfig } from "./env";
import { AppError } from "./errors";
import { readCookie, SESSION_COOKIE, sessionKey, verifySessionToken } from "./session";
import { storedSessionSecret } from "./session-secret";

/**
 * Access control. With DASHBOARD_PASSWORD set, every page and API route (except `GET /api/health` and
 * the login itself) needs a signed session cookie. `proxy.ts` checks it first; every route handler
 * checks it again through `requireSession`, so a matcher mistake cannot open the API.
 */

export function authEnabled(): boolean {
  return getConfig().dashboardPassword !== undefined;
}

/** The key sessions are signed with, or undefined when no password is configured. */
export function currentSessionKey(): Buffer | undefined {
  const { dashboardPassword, sessionSecret, dataDir } = getConfig();
  if (dashboardPassword === undefined) return undefined;
  return sessionKey(dashboardPassword, sessionSecret ?? storedSessionSecret(dataDir));
}

/** True when no password is set or the token is a valid session. */
export function sessionTokenValid(token: string | undefined): boolean {
  const key = currentSessionKey();
  return key === undefined || verifySessionToken(key, token);
}

/** True when no password is set or the request carries a valid session. */
export function hasSession(request: Request): boolean {
  return sessionTokenValid(readCookie(request, SESSION_COOKIE));
}

/** API routes open without a session. */
export const PUBLIC_API: ReadonlySet<string> = new Set([
  "/api/health",
  "/api/auth/login",
  "/api/auth/logout",
]);
/** The largest body an unauthenticated request may send (a login). */
export const PUBLIC_BODY_BYTES = 16 * 1024;

/**
 * BFL's task webhooks (`POST /api/webhooks/bfl/<task id>`, PUBLIC_URL): BFL has no session, so they are
 * open; the per-task secret checked in the route is their authorisation.
 */
const BFL_WEBHOOK_PATH = /^\/api\/webhooks\/bfl\/[^/]+$/;
export const isBflWebhookPath = (pathname: string) => BFL_WEBHOOK_PATH.test(pathname);
/** The largest webhook body BFL may send (a task's result with its link: a few kB in practice). */
export const WEBHOOK_BODY_BYTES = 1024 * 1024;

/** API routes open without a session: PUBLIC_API and BFL's webhooks. */
export const isPublicApi = (pathname: string) => PUBLIC_API.has(pathname) || isBflWebhookPath(pathname);

/**
 * A same-origin path to return to after login; anything else becomes `/`. Browsers strip tabs and
 * newlines from URLs and read `\\` as `/`, so `/\t/evil.example` or `/\\evil` would leave the site:
 * the path must be plain printable ASCII and resolve to this origin.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length > 2000 || !/^\/[\x21-\x7e]*$/.test(next)) return "/";
  if (next.includes("\\")) return "/";
  const base = "http://dashboard.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base || url.pathname.startsWith("//") || url.pathname.startsWith("/login")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

export async function requireSession(request: Request): Promise<void> {
  if (!hasSession(request)) {
    throw new AppError("unauthorized", "Log in first: this dashboard is protected by a password.");
  }
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Cross-site request forgery guard for state-changing requests. Browsers send `Sec-Fetch-Site` (which
 * page script cannot forge) and `Origin` on every POST/PUT/PATCH/DELETE: a browser request must be
 * same-origin by both. A request with neither comes from a non-browser client (curl, scripts, tests),
 * which a victim's browser cannot be made to be: allowed (it still needs a session when one is required).
 */
export function originAllowed(request: Request): boolean {
  if (!STATE_CHANGING.has(request.method)) return true;
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin") return false;
  // Same-origin form posts from a page with a strict referrer policy carry `Origin: null`.
  if (origin === null || (origin === "null" && fetchSite === "same-origin")) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return false; // "null" without fetch metadata: a sandboxed frame or a file:// page
  }
  const hosts = [request.headers.get("host"), request.headers.get("x-forwarded-host")]
    .flatMap((h) => (h ? h.split(",") : []))
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return hosts.includes(originHost);
}

/**
 * The largest request body the proxy lets through (a dataset upload; the routes enforce their own,
 * smaller limits). `experimental.proxyClientMaxBodySize` in next.config.mjs must stay above it: Next
 * buffers bodies passing through the proxy only up to that size and silently truncates the rest.
 */
export const MAX_REQUEST_BYTES = 200 * 1024 * 1024;
