import type { z } from "zod";
import { apiErrorSchema } from "@/lib/api/errors";

/** An error the dashboard API answered with (`{code, message}`), or a network failure. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
  /** 4xx other than 408/429 will answer the same again: not worth retrying. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

export const NETWORK_MESSAGE =
  "The dashboard server could not be reached. Check your connection and try again.";

/** The `ApiError` of a non-2xx answer: its `{code, message}` when it sent one, else its status. */
export function answerError(status: number, statusText: string, body: unknown): ApiError {
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) return new ApiError(parsed.data.code, parsed.data.message, status);
  // A proxy in front of the dashboard refuses a large body with a bare 413.
  if (status === 413)
    return new ApiError("payload_too_large", "The request is larger than the dashboard accepts.", 413);
  return new ApiError("http_error", `The dashboard answered ${status} ${statusText}.`, status);
}

/** Fetch a dashboard API route and parse the answer with `schema`; errors become `ApiError`. */
export async function apiFetch<T>(url: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiError("network", NETWORK_MESSAGE, 0);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw answerError(res.status, res.statusText, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError("bad_response", "The dashboard sent an answer this page cannot read.", res.status);
  return parsed.data;
}

/** JSON body helper for POST/PATCH/DELETE. */
export function jsonInit(method: string, body?: unknown): RequestInit {
  return body === undefined
    ? { method }
    : { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}
