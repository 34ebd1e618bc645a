import { type NextRequest, NextResponse } from "next/server";
import { hasSession, MAX_REQUEST_BYTES, originAllowed } from "@/lib/server/auth";

/**
 * Runs before every page and API route (static assets excluded by the matcher), so it stays cheap: one
 * HMAC check of the session cookie, an Origin check on state-changing API calls, a refusal of bodies
 * over the limit, and a fresh CSP nonce for pages. Route handlers check the session again
 * (`requireSession`), so a matcher mistake cannot open the API.
 */

const PUBLIC_PAGES = new Set(["/login"]);
const PUBLIC_API = new Set(["/api/health", "/api/auth/login", "/api/auth/logout"]);
/** BFL's task webhooks carry no session: each is authorised by its per-task secret in the route. */
const PUBLIC_API_PREFIX = "/api/webhooks/bfl/";

function apiError(status: number, code: string, message: string, headers?: Record<string, string>) {
  const res = NextResponse.json(
    { code, message },
    { status, headers: { "Cache-Control": "no-store", ...headers } },
  );
  res.headers.set("Content-Security-Policy", API_CSP);
  return res;
}

/** API responses are data, never documents: nothing may load from or frame them. */
const API_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'none'";

export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by Next's nonce-bearing bootstrap may load their chunks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes (progress widths, image aspect ratios) cannot run code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function validEscapes(pathname: string): boolean {
  if (!pathname.includes("%")) return true;
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname === "/api" || pathname.startsWith("/api/");

  if (isApi) {
    if (!validEscapes(pathname)) {
      // Next would answer a bare 500 when it decodes the route params.
      return apiError(400, "bad_request", "The URL is not valid: it contains a broken %-escape.");
    }
    if (!originAllowed(request)) {
      return apiError(403, "forbidden_origin", "This request came from another site and was refused.");
    }
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_REQUEST_BYTES) {
      // Refused here, before Next buffers it: past its buffer limit Next would silently truncate it.
      return apiError(
        413,
        "payload_too_large",
        `The request is larger than ${Math.round(MAX_REQUEST_BYTES / 1024 / 1024)} MB, the most this dashboard accepts.`,
      );
    }
    const isPublic = PUBLIC_API.has(pathname) || pathname.startsWith(PUBLIC_API_PREFIX);
    if (!isPublic && !hasSession(request)) {
      return apiError(401, "unauthorized", "Log in first: this dashboard is protected by a password.");
    }
    const res = NextResponse.next();
    res.headers.set("Content-Security-Policy", API_CSP);
    return res;
  }

  if (!PUBLIC_PAGES.has(pathname) && !hasSession(request)) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(login, 303);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
