import "server-only";
import type { z } from "zod";
import { type ByteSource, readCapped } from "@/lib/bfl/read-capped";
import { MESSAGES, mapStatus, parseRetryAfter } from "./bfl-errors";
import { NotSentError, sendOnFreshConnection } from "./bfl-fresh-send";
import { getConfig } from "./env";
import { AppError } from "./errors";
import { log } from "./log";

/**
 * The only code that sends the BFL key. Reads are retried on network errors, 429 and 5xx with
 * exponential backoff and jitter (honouring Retry-After); a call that creates work is sent once, on a
 * fresh connection (see bfl-fresh-send.ts), except when that connection failed before anything was sent.
 */
export type CallKind = "read" | "create";

export interface BflCall<T> {
  method: "GET" | "POST";
  /** `/v1/...` on the configured base URL, or a full polling URL already checked by the caller. */
  path: string;
  url?: string;
  query?: Record<string, string>;
  body?: unknown;
  schema: z.ZodType<T>;
  kind: CallKind;
  timeoutMs?: number;
  /** Accept this non-2xx status if the body still parses with `schema` (get_result's 422 task body). */
  acceptStatus?: number;
}

const MAX_READ_ATTEMPTS = 4;
const MAX_DELAY_MS = 10_000;
/** BFL's JSON answers are a few kB; anything past this is not read (or kept in memory). */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export function backoffMs(attempt: number, base = 300): number {
  const exp = Math.min(MAX_DELAY_MS, base * 2 ** attempt);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class TooLargeError extends Error {
  override name = "TooLargeError";
}

type NetFailure = "timeout" | "refused" | "network" | "too_large";

function classify(err: unknown): NetFailure {
  if (err instanceof TooLargeError) return "too_large";
  if (err instanceof NotSentError) return "refused";
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return "timeout";
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  const code = cause?.code ?? "";
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") return "refused";
  if (code === "UND_ERR_CONNECT_TIMEOUT") return "refused";
  return "network";
}

interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const readText = async (chunks: ByteSource | null) =>
  chunks
    ? new TextDecoder().decode(
        await readCapped(
          chunks,
          MAX_ANSWER_BYTES,
          () => new TooLargeError(`answer over ${MAX_ANSWER_BYTES} bytes`),
        ),
      )
    : "";

async function send(url: string, init: RequestInit, timeoutMs: number): Promise<RawAnswer> {
  const res = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, headers: res.headers, text: await readText(res.body) };
}

export function baseUrl(): string {
  return getConfig().bflBaseUrl;
}

export async function bflCall<T>(call: BflCall<T>): Promise<T> {
  const cfg = getConfig();
  const url = new URL(call.url ?? `${cfg.bflBaseUrl}${call.path}`);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {
    "x-key": cfg.apiKey,
    accept: "application/json",
    ...(call.body === undefined ? {} : { "content-type": "application/json" }),
  };
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  const init: RequestInit = {
    method: call.method,
    headers,
    ...(payload === undefined ? {} : { body: payload }),
  };
  const timeoutMs = call.timeoutMs ?? cfg.bflTimeoutMs;
  const info = { method: call.method, path: call.path };
  const label = `${call.method} ${call.path}`;
  const maxAttempts = call.kind === "read" ? MAX_READ_ATTEMPTS : 2;

  for (let attempt = 0; ; attempt++) {
    const last = attempt >= maxAttempts - 1;
    let answer: RawAnswer;
    try {
      answer =
        call.kind === "create"
          ? await sendOnFreshConnection(
              url,
              { method: call.method, headers, body: payload },
              timeoutMs,
              readText,
            )
          : await send(url.toString(), init, timeoutMs);
    } catch (err) {
      const kind = classify(err);
      log.warn("bfl", `${label} attempt ${attempt + 1} failed (${kind})`, err);
      if (kind === "too_large") {
        const message = call.kind === "create" ? MESSAGES.badResponseCreate : MESSAGES.badResponse;
        throw new AppError("bfl_bad_response", message, { cause: err });
      }
      if (call.kind === "read" && !last) {
        await sleep(backoffMs(attempt));
        continue;
      }
      // A create may be retried only when nothing reached BFL (connection refused), and only once.
      if (call.kind === "create" && kind === "refused" && attempt === 0) {
        await sleep(300);
        continue;
      }
      if (call.kind === "create" && kind !== "refused") {
        throw new AppError("bfl_unknown_outcome", MESSAGES.unknownOutcome, { cause: err });
      }
      if (kind === "timeout") throw new AppError("bfl_timeout", MESSAGES.timeout, { cause: err });
      if (kind === "refused") {
        throw new AppError("bfl_unavailable", MESSAGES.unreachable(url.host), {
          cause: err,
          notTaken: "unreachable",
        });
      }
      throw new AppError("bfl_unavailable", MESSAGES.connectionLost, { cause: err });
    }
    const retryAfterMs = parseRetryAfter(answer.headers.get("retry-after"));
    let body: unknown;
    let parsedJson = true;
    try {
      body = answer.text ? JSON.parse(answer.text) : undefined;
    } catch {
      parsedJson = false;
    }
    const ok = answer.status >= 200 && answer.status < 300;
    if (!ok && !(call.acceptStatus === answer.status && parsedJson && call.schema.safeParse(body).success)) {
      const transient = answer.status === 429 || answer.status >= 500;
      log.warn("bfl", `${label} answered ${answer.status} (attempt ${attempt + 1})`);
      if (call.kind === "read" && transient && !last) {
        await sleep(Math.min(MAX_DELAY_MS, Math.max(retryAfterMs ?? 0, backoffMs(attempt))));
        continue;
      }
      throw mapStatus(answer.status, parsedJson ? body : undefined, info, retryAfterMs);
    }
    const parsed = parsedJson ? call.schema.safeParse(body) : undefined;
    if (!parsed?.success) {
      log.warn("bfl", `${label} answered ${answer.status} with a body that does not match BFL's schema`);
      if (call.kind === "read" && !last) {
        await sleep(backoffMs(attempt));
        continue;
      }
      throw new AppError(
        "bfl_bad_response",
        call.kind === "create" ? MESSAGES.badResponseCreate : MESSAGES.badResponse,
      );
    }
    return parsed.data;
  }
}
