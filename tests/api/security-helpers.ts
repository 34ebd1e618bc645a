import { createHmac, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";

/** Helpers shared by the security API tests (not a test file itself). */

export const PASSWORD = "correct horse battery staple";

/** Forge a session token the way lib/server/session.ts signs them (proves the key derivation). */
export function forgeToken(password: string, opts: { secret?: string; expiresInS?: number } = {}): string {
  const key = createHmac("sha256", opts.secret || "finetune-studio/session/v1")
    .update(password)
    .digest();
  const expires = Math.floor(Date.now() / 1000) + (opts.expiresInS ?? 3600);
  const payload = `${expires}.${randomBytes(16).toString("base64url")}`;
  const sig = createHmac("sha256", key).update(`v1.${payload}`).digest("base64url");
  return `${payload}.${sig}`;
}

export async function login(base: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ password }),
    redirect: "manual",
  });
  const setCookie = res.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  return { res, setCookie, cookie };
}

/**
 * POST `size` bytes of zeros in 1 MB chunks (streamed, never held whole) and read the answer. Errors
 * from a server that answers and closes before the whole body is written are expected.
 */
export function postZeros(
  url: string,
  size: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "content-length": String(size) } });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on("error", (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (!answered && code !== "ECONNRESET" && code !== "EPIPE") reject(err);
    });
    const chunk = Buffer.alloc(1024 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < size && !answered) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
          return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/** One raw HTTP request, so tests can set the Host header and the client's source address. */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: opts.method ?? "GET",
      headers: opts.headers,
      localAddress: opts.localAddress,
      agent: false,
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A login sent from `localAddress` (any 127.x address works on Linux loopback). */
export async function loginFrom(base: string, password: string, localAddress: string, headers = {}) {
  const body = JSON.stringify({ password });
  return rawRequest(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(body.length), ...headers },
    body,
    localAddress,
  });
}
