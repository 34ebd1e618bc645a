import "server-only";
import type { z } from "zod";
import { readCapped } from "@/lib/bfl/read-capped";
import { authEnabled } from "./auth";
import { AppError, isAppError } from "./errors";

/** Responses and request-body readers of the API routes (declared through `route()`, lib/server/route.ts). */

export function errorResponse(err: AppError): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (err.extra.retryAfterMs !== undefined)
    headers["Retry-After"] = String(Math.ceil(err.extra.retryAfterMs / 1000));
  return Response.json(err.toBody(), { status: err.status, headers });
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/** `field: problem; field: problem` from zod issues. */
export function describeIssues(error: z.ZodError, prefix?: string): string {
  return error.issues
    .slice(0, 8)
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join(".");
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}

function tooLarge(limit: number, what: string): AppError {
  return new AppError(
    "payload_too_large",
    `The ${what} is larger than ${Math.round(limit / 1024 / 1024)} MB, the most this dashboard accepts.`,
  );
}

/**
 * A request body, refused as soon as it passes `limit` (one capped reader: lib/bfl/read-capped.ts).
 * Next has already buffered the body by the time a handler runs (it tees every body for the proxy, up
 * to proxyClientMaxBodySize), so this bounds what the route copies and parses, not what the server
 * holds: bodies too large for any route are refused from their headers before Next reads them, by the
 * request gate (lib/server/request-gate.ts).
 */
export async function readBodyLimited(
  req: Request,
  limit: number,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit, what);
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));
  try {
    return await readCapped(req.body, limit, () => tooLarge(limit, what));
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError(
      "bad_request",
      `The ${what} could not be read completely; the upload was interrupted.`,
    );
  }
}

/** JSON body with a size limit; syntax errors become 400, never 500. */
export async function readJson(req: Request, limit: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new AppError("bad_request", "Send the request body as JSON (Content-Type: application/json).");
  }
  const bytes = await readBodyLimited(req, limit, "request body");
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

/** Multipart form with a size limit. */
export async function readForm(req: Request, limit: number): Promise<FormData> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError(
      "bad_request",
      "Send the dataset as multipart/form-data with fields 'dataset' and 'params'.",
    );
  }
  const bytes = await readBodyLimited(req, limit, "upload");
  try {
    return await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("bad_request", "The multipart form could not be parsed.");
  }
}

/** A file's bytes, or a stored file streamed from storage (never read whole). */
export type FileBody = Uint8Array | { body: ReadableStream<Uint8Array>; size: number };

export function fileResponse(
  file: FileBody,
  contentType: string,
  opts: { immutable?: boolean; filename?: string } = {},
): Response {
  const size = file instanceof Uint8Array ? file.byteLength : file.size;
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    "Content-Length": String(size),
    "X-Content-Type-Options": "nosniff",
    // Behind a password, shared caches (a reverse proxy's) must not keep what only a login may see.
    "Cache-Control": opts.immutable
      ? `${authEnabled() ? "private" : "public"}, max-age=31536000, immutable`
      : "private, no-cache",
  };
  if (opts.filename) headers["Content-Disposition"] = `attachment; filename="${opts.filename}"`;
  if (!(file instanceof Uint8Array)) return new Response(file.body, { headers });
  const body = new Uint8Array(new ArrayBuffer(file.byteLength));
  body.set(file);
  return new Response(body, { headers });
}
