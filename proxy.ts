import { type NextRequest, NextResponse } from "next/server";
import { hasSession, isPublicApi, MAX_REQUEST_BYTES, originAllowed } from "@/lib/server/auth";
import { getConfig } from "@/lib/server/env";
import { hostRefusal, hostsAllowed } from "@/lib/server/hosts";

/**
 * Runs before every page and API route (static assets excluded by the matcher), so it stays cheap: the
 * Host check, one HMAC check of the session cookie, an Origin check on state-changing API calls, a
 * refusal of bodies over the limit, and a fresh CSP nonce for pages. The request gate
 * (`lib/server/request-gate.ts`) has already refused bad hosts and unauthenticated bodies before Next
 * read them; the checks here repeat it for `next dev` and any request the gate did not see. Route
 * handlers check the session again (`requireSession`), so a matcher mistake cannot open the API.
 */

const PUBLIC_PAGES = new Set(["/login"]);

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

function pageError(status: number, message: string) {
  return new NextResponse(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

const BAD_ESCAPE = "The URL is not valid: it contains a broken %-escape.";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname === "/api" || pathname.startsWith("/api/");
  const host = request.headers.get("host");
  if (!hostsAllowed(host, request.headers.get("x-forwarded-host"), getConfig().allowedHosts)) {
    return isApi ? apiError(421, "host_not_allowed", hostRefusal(host)) : pageError(421, hostRefusal(host));
  }
  if (!validEscapes(pathname)) {
    // Next would answer a bare 500 when it decodes the route params.
    return isApi ? apiError(400, "bad_request", BAD_ESCAPE) : pageError(400, BAD_ESCAPE);
  }

  if (isApi) {
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
    if (!isPublicApi(pathname) && !hasSession(request)) {
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
