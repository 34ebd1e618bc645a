import type { IncomingMessage, ServerResponse } from "node:http";

/** Small response/request helpers shared by the simulator's routes. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === "object" && body && "detail" in body ? String(body.detail) : `HTTP ${status}`);
  }
}

export const detailError = (status: number, detail: unknown, headers?: Record<string, string>) =>
  new HttpError(status, { detail }, headers);

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendBody(
  res: ServerResponse,
  status: number,
  body: Buffer | string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  const buf = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, { "content-type": contentType, "content-length": String(buf.length), ...headers });
  res.end(buf);
}

/** Biggest accepted request body: 20 camera photos as base64 fit comfortably. */
export const MAX_BODY_BYTES = 300 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      throw detailError(413, `Request body too large (limit ${MAX_BODY_BYTES / 1024 / 1024} MB)`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The origin clients reached us on (for `polling_url` and result links); falls back to the bind address. */
export function requestOrigin(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  if (host && /^[A-Za-z0-9.\-[\]:]+$/.test(host)) return `http://${host}`;
  return fallback;
}

/** The same host on another port: `polling_url` on the regional listener, result links on the API's. */
export function withPort(origin: string, port: number | null): string {
  if (port === null) return origin;
  const u = new URL(origin);
  u.port = String(port);
  return u.origin;
}
