import "server-only";
import { z } from "zod";
import { requireSession } from "./auth";
import { AppError, isAppError } from "./errors";
import { describeIssues, errorResponse, json, readBodyLimited, readForm, readJson } from "./http";
import { log } from "./log";

/**
 * Every API route handler is declared through `route()`: its path parameters, query and body are zod
 * schemas written in the route file, so the file shows its contract. The order is fixed: params and
 * query are parsed, the request is authorised, then the body is read (within its byte budget: nothing
 * is read for a request that may not send one) and parsed, and the handler calls a service. Its result
 * is answered as JSON (or sent as is when it is a Response); any error becomes `{code, message}`.
 */

/** Second argument of every App Router handler. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

/** How a request body is read and parsed. */
export interface BodySpec<T> {
  read(req: Request): Promise<T>;
}

export interface RouteSpec<P, Q, B> {
  /** `session`: a signed session when DASHBOARD_PASSWORD is set. `public`: open (login, health, webhooks). */
  auth: "session" | "public";
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: BodySpec<B>;
  /** Status of a JSON answer (default 200). */
  status?: number;
}

export interface RouteInput<P, Q, B> {
  req: Request;
  params: P;
  query: Q;
  body: B;
}

type Handler = (req: Request, ctx: RouteContext) => Promise<Response>;

export function route<P = undefined, Q = undefined, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<P, Q, B>) => Promise<unknown>,
): Handler {
  return async (req, ctx) => {
    try {
      const params = spec.params ? parseParams(await ctx.params, spec.params) : (undefined as P);
      const query = spec.query ? parseQuery(req, spec.query) : (undefined as Q);
      if (spec.auth === "session") await requireSession(req);
      const body = spec.body ? await spec.body.read(req) : (undefined as B);
      const out = await handler({ req, params, query, body });
      return out instanceof Response ? out : json(out, spec.status);
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

function parseParams<T>(raw: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", `Invalid path: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

function parseQuery<T>(req: Request, schema: z.ZodType<T>): T {
  const raw: Record<string, string> = {};
  for (const [k, v] of new URL(req.url).searchParams) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", `Invalid query: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

/** `value` parsed by `schema`, or 422 validation_failed naming every problem. */
export function parseBody<T>(body: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError("validation_failed", describeIssues(parsed.error));
  return parsed.data;
}

/** A JSON body of at most `maxBytes`: bad JSON is 400 bad_request, a bad shape 422 validation_failed. */
export function jsonBody<T>(schema: z.ZodType<T>, maxBytes: number): BodySpec<T> {
  return { read: async (req) => parseBody(await readJson(req, maxBytes), schema) };
}

/**
 * A multipart form of at most `maxBytes`. Each field (its first value: a string, a File, or undefined
 * when absent) is parsed by its own schema, and issues are named by the paths inside that field (a JSON
 * field's own keys), so a field schema whose value as a whole is wrong says the field's name itself.
 */
export function formBody<S extends z.ZodRawShape>(
  fields: S,
  maxBytes: number,
): BodySpec<z.output<z.ZodObject<S>>> {
  const schema = z.object(fields);
  return {
    read: async (req) => {
      const form = await readForm(req, maxBytes);
      const raw = Object.fromEntries(Object.keys(fields).map((name) => [name, form.get(name) ?? undefined]));
      const parsed = schema.safeParse(raw);
      if (parsed.success) return parsed.data;
      const inField = parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(1) }));
      throw new AppError("validation_failed", describeIssues(new z.ZodError(inField)));
    },
  };
}

/** The body as text, at most `maxBytes` (a webhook, whose service checks its signature first). */
export function textBody(maxBytes: number, what: string): BodySpec<string> {
  return {
    read: async (req) => new TextDecoder().decode(await readBodyLimited(req, maxBytes, what)),
  };
}

/**
 * A form field holding JSON. Text that is not JSON is a malformed request (400 bad_request), not a
 * field with a wrong value, so it is thrown as such rather than reported as a zod issue.
 */
export function jsonText(field: string) {
  return z.string().transform((text): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new AppError("bad_request", `The '${field}' field is not valid JSON.`);
    }
  });
}
