import "server-only";
import type { z } from "zod";
import { authEnabled } from "./auth";
import { AppError, isAppError } from "./errors";
import { log } from "./log";

/** Second argument of every App Router handler. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

type Handler = (req: Request, ctx: RouteContext) => Promise<Response>;

/**
 * Wraps a route handler: any error becomes `{code, message}` with the status of its code. Unknown
 * errors are logged (redacted) and answered with a generic 500 that reveals nothing.
 */
export function route(handler: Handler): Handler {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      if (isAppError(err)) {
        if (err.status >= 500)
          log.warn("api", `${req.method} ${safePath(req)} -> ${err.code}`, err.extra.cause);
        return errorResponse(err);
      }
      log.error("api", `${req.method} ${safePath(req)} failed unexpectedly`, err);
      return errorResponse(new AppError("internal", "Something went wrong on the dashboard server."));
    }
  };
}

function safePath(req: Request): string {
  try {
    return new URL(req.url).pathname;
  } catch {
    return "?";
  }
}

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

export async function parseParams<T extends z.ZodType>(ctx: RouteContext, schema: T): Promise<z.infer<T>> {
  const raw = await ctx.params;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", `Invalid path: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

export function parseQuery<T extends z.ZodType>(req: Request, schema: T): z.infer<T> {
  const params = new URL(req.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [k, v] of params) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", `Invalid query: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

function tooLarge(limit: number, what: string): AppError {
  return new AppError(
    "payload_too_large",
    `The ${what} is larger than ${Math.round(limit / 1024 / 1024)} MB, the most this dashboard accepts.`,
  );
}

/**
 * Read a request body, counting bytes as they stream and stopping as soon as `limit` is passed, so a
 * huge upload is refused early instead of being buffered whole.
 */
export async function readBodyLimited(
  req: Request,
  limit: number,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit, what);
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge(limit, what);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError(
      "bad_request",
      `The ${what} could not be read completely; the upload was interrupted.`,
    );
  }
  const out = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
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

export function parseBody<T extends z.ZodType>(body: unknown, schema: T): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError("validation_failed", describeIssues(parsed.error));
  return parsed.data;
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
