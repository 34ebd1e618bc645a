import "server-only";
import { randomBytes } from "node:crypto";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { ApiErrorCode } from "@/lib/api/errors";
import { API_ERROR_STATUS } from "@/lib/api/errors";
import {
  authEnabled,
  isBflWebhookPath,
  MAX_REQUEST_BYTES,
  PUBLIC_API,
  PUBLIC_BODY_BYTES,
  sessionTokenValid,
  WEBHOOK_BODY_BYTES,
} from "./auth";
import { getConfig } from "./env";
import { hostRefusal, hostsAllowed } from "./hosts";
import { cookieFromHeader, SESSION_COOKIE } from "./session";

/**
 * The first look at every request, before Next reads a byte of its body. `proxy.ts` cannot refuse a
 * body early: Next tees each body into a buffer for the proxy and waits for its end (up to
 * `proxyClientMaxBodySize`) before it sends the proxy's answer, so four unauthenticated 150 MB posts
 * cost 600 MB. This hook, installed on Node's HTTP server from `instrumentation.ts`, answers from the
 * headers alone: a host that is not ours (DNS rebinding), a declared body over the limit, or any body
 * without a session (except a small one to the login, or to BFL's task webhook route). It also stamps the socket's address on the
 * request, for the login limits.
 */

export interface Refusal {
  code: ApiErrorCode;
  message: string;
}

export interface GateOptions {
  allowedHosts: readonly string[];
  /** False when no password is set: every request counts as logged in. */
  authEnabled: boolean;
  sessionValid: (token: string | undefined) => boolean;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** Why the request is refused from its method, path and headers, or null to let Next handle it. */
export function gateDecision(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  opts: GateOptions,
): Refusal | null {
  const host = header(headers, "host");
  if (!hostsAllowed(host, header(headers, "x-forwarded-host"), opts.allowedHosts)) {
    return { code: "host_not_allowed", message: hostRefusal(host) };
  }
  const lengthText = header(headers, "content-length");
  const chunked = header(headers, "transfer-encoding") !== undefined;
  const declared = lengthText === undefined ? undefined : Number(lengthText);
  const hasBody = method !== "GET" && method !== "HEAD" && (chunked || (declared ?? 0) !== 0);
  if (!hasBody) return null;
  if (declared !== undefined && declared > MAX_REQUEST_BYTES) {
    const mb = Math.round(MAX_REQUEST_BYTES / 1024 / 1024);
    return {
      code: "payload_too_large",
      message: `The request is larger than ${mb} MB, the most this dashboard accepts.`,
    };
  }
  if (!opts.authEnabled || opts.sessionValid(cookieFromHeader(header(headers, "cookie"), SESSION_COOKIE))) {
    return null;
  }
  const pathname = path.split("?")[0] ?? "";
  if (PUBLIC_API.has(pathname)) {
    if (declared === undefined) {
      return { code: "length_required", message: "Send the login with a Content-Length header." };
    }
    if (declared > PUBLIC_BODY_BYTES) {
      return {
        code: "payload_too_large",
        message: `The request is larger than ${PUBLIC_BODY_BYTES / 1024} kB, the most a login may be.`,
      };
    }
    return null;
  }
  // BFL's task webhooks: the route checks the per-task secret; only the body size is decided here.
  if (method === "POST" && isBflWebhookPath(pathname)) {
    if (declared === undefined) {
      return { code: "length_required", message: "Send the webhook with a Content-Length header." };
    }
    if (declared > WEBHOOK_BODY_BYTES) {
      return {
        code: "payload_too_large",
        message: `The request is larger than ${WEBHOOK_BODY_BYTES / 1024 / 1024} MB, the most a webhook may be.`,
      };
    }
    return null;
  }
  return { code: "unauthorized", message: "Log in first: this dashboard is protected by a password." };
}

const TOKEN = Symbol.for("finetune-studio.peer-token");
const INSTALLED = Symbol.for("finetune-studio.request-gate");
/** Header carrying `<per-process token> <socket address>`; a client cannot forge the token. */
export const PEER_HEADER = "x-fts-peer";

function peerToken(): string {
  const g = globalThis as { [TOKEN]?: string };
  g[TOKEN] ??= randomBytes(18).toString("base64url");
  return g[TOKEN];
}

/** The socket address the gate stamped on this request, or undefined when it is absent or forged. */
export function stampedPeer(value: string | null | undefined): string | undefined {
  const [token, address] = (value ?? "").split(" ");
  return token === peerToken() && address ? address : undefined;
}

/** How much of a refused body is read and thrown away, so the client can read the answer, before closing. */
const LINGER_BYTES = 16 * 1024 * 1024;
const LINGER_MS = 10_000;

function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  const isApi = (req.url ?? "").startsWith("/api");
  const body = Buffer.from(isApi ? JSON.stringify(refusal) : `${refusal.message}\n`);
  res.statusCode = API_ERROR_STATUS[refusal.code];
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Type", isApi ? "application/json" : "text/plain; charset=utf-8");
  res.setHeader("Content-Length", body.byteLength);
  res.end(body);
  // The body is discarded as it arrives, never kept. Closing at once would reset the connection and
  // could destroy the answer before the client reads it; a client that keeps sending past the
  // allowance (or for too long) is cut off.
  let discarded = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > LINGER_BYTES) cut();
  });
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

/** Installs the gate on every Node HTTP server of this process (idempotent). */
export function installRequestGate(): void {
  const proto = http.Server.prototype as unknown as { emit: Emit; [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  const token = peerToken();
  proto.emit = function gatedEmit(event, ...args) {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      const res = args[1] as ServerResponse;
      req.headers[PEER_HEADER] = `${token} ${req.socket.remoteAddress ?? "unknown"}`;
      let refusal: Refusal | null;
      try {
        const { allowedHosts } = getConfig();
        refusal = gateDecision(req.method ?? "GET", req.url ?? "/", req.headers, {
          allowedHosts,
          authEnabled: authEnabled(),
          sessionValid: sessionTokenValid,
        });
      } catch {
        // A broken configuration is reported by the app itself; refuse bodies meanwhile.
        refusal = { code: "internal", message: "The dashboard's configuration could not be read." };
      }
      if (refusal) {
        refuse(req, res, refusal);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  };
}
