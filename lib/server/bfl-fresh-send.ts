import "server-only";
import http from "node:http";
import https from "node:https";

/**
 * A call that creates work at BFL goes on a connection of its own, never a pooled keep-alive one.
 * A pooled socket that BFL closed while idle can be picked just before its close is seen: the request
 * is then written into a dead socket and fails with "other side closed", and nothing on the client side
 * (not even bytesWritten) tells that apart from BFL failing after reading it. On a fresh connection that
 * race cannot happen, and a failure before the connection is up certainly sent nothing.
 */

/** The connection failed before any byte of the request was sent: BFL got nothing. */
export class NotSentError extends Error {
  override name = "NotSentError";
}

export interface FreshAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface FreshRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export function sendOnFreshConnection(
  url: URL,
  req: FreshRequest,
  timeoutMs: number,
  readBody: (chunks: AsyncIterable<Buffer>) => Promise<string>,
  /** A connection not up within this is abandoned as never sent (ETIMEDOUT, like the pooled agent's). */
  connectTimeoutMs = timeoutMs,
): Promise<FreshAnswer> {
  const lib = url.protocol === "https:" ? https : http;
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise<FreshAnswer>((resolve, reject) => {
    let connected = false;
    const r = lib.request(url, { method: req.method, headers: req.headers, agent: false, signal }, (res) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
      }
      readBody(res).then(
        (text) => resolve({ status: res.statusCode ?? 0, headers, text }),
        (err: unknown) => reject(err),
      );
    });
    r.on("socket", (socket) => {
      const timer = setTimeout(() => {
        if (!connected) r.destroy(Object.assign(new Error("connect timed out"), { code: "ETIMEDOUT" }));
      }, connectTimeoutMs);
      socket.once("close", () => clearTimeout(timer));
      // TLS sends the request only after the handshake; plain TCP once connected.
      socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => {
        connected = true;
        clearTimeout(timer);
      });
    });
    r.on("error", (err) => {
      const failure = signal.aborted ? Object.assign(new Error("timed out"), { name: "TimeoutError" }) : err;
      reject(connected ? failure : new NotSentError("connection failed before sending", { cause: failure }));
    });
    r.end(req.body);
  });
}
