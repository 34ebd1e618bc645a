import type { z } from "zod";
import { toValidationDetail, type ValidationIssue } from "../bfl/errors";
import { HttpError } from "./http";

/** FastAPI-style parsing of JSON bodies and query strings: every failure is a 422 `{detail: [...]}`. */

export const validationError = (detail: ValidationIssue[] | Record<string, unknown>[]) =>
  new HttpError(422, { detail });

/** Parse a JSON body like FastAPI: empty → "Field required"; bad JSON → `json_invalid` with the position. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") {
    throw validationError([{ loc: ["body"], msg: "Field required", type: "missing" }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    throw validationError([
      {
        type: "json_invalid",
        loc: ["body", pos],
        msg: "JSON decode error",
        input: {},
        ctx: { error: message },
      },
    ]);
  }
}

/** Validate a parsed body against a contract schema; non-objects get pydantic's dictionary message. */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw validationError([
      {
        loc: ["body"],
        msg: "Input should be a valid dictionary or object to extract fields from",
        type: "model_attributes_type",
      },
    ]);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(toValidationDetail(parsed.error.issues, "body"));
  return parsed.data;
}

/** A required query parameter (FastAPI: 422 `missing` at ["query", name]). */
export function requireQuery(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) {
    throw validationError([{ loc: ["query", name], msg: "Field required", type: "missing" }]);
  }
  return value;
}
