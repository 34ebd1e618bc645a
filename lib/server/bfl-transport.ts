import "server-only";
import { Client, fetch as undiciFetch } from "undici";
import type { z } from "zod";
import { type ByteSource, readCapped } from "@/lib/bfl/read-capped";
import {
  bflAgent,
  connectFailure,
  lastReachability,
  noteReachable,
  noteUnreachable,
  unreachableMessage,
} from "./bfl-connection";
import { MESSAGES, mapStatus, parseRetryAfter } from "./bfl-errors";
import { getConfig } from "./env";
import { AppError } from "./errors";
import { log } from "./log";

/**
 * The only code that sends the BFL key, through undici only: reads on the pooled agent
 * (bfl-connection.ts), creates on a fresh connection each. Reads are retried on network errors, 429 and 5xx with
 * exponential backoff and jitter (honouring Retry-After); a call that creates work is sent once, except
 * when the connection was refused before anything was sent.
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
  /**
   * Accept a non-2xx answer whose body still parses with `schema` when this says so (a poll answered
   * 422 or 503 whose body is a finished task).
   */
  acceptBody?: (status: number, data: T) => boolean;
}

const MAX_READ_ATTEMPTS = 4;
const MAX_DELAY_MS = 10_000;

export function backoffMs(attempt: number, base = 300): number {
  const exp = Math.min(MAX_DELAY_MS, base * 2 ** attempt);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** BFL's JSON answers are a few kB; anything past this is not read (or kept in memory). */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

class TooLargeError extends Error {
  override name = "TooLargeError";
}

/** The connection failed before any byte of the request was sent: BFL got nothing. */
class NotSentError extends Error {
  override name = "NotSentError";
}

/** "refused": no connection was made, so nothing reached BFL (see `connectFailure` for why). */
type NetFailure = "timeout" | "refused" | "network" | "too_large";

function classify(err: unknown): NetFailure {
  if (err instanceof TooLargeError) return "too_large";
  if (err instanceof NotSentError || connectFailure(err)) return "refused";
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return "timeout";
  return "network";
}

interface RawAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

interface SendInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Calls never follow redirects (the key stays on BFL's hosts); the probe reads one as an answer. */
  redirect?: "error" | "manual";
}

/** BFL's answer as text, read no further than MAX_ANSWER_BYTES. */
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

/** One HTTP exchange through the BFL agent (connect timeout apart from the answer timeout). */
export async function send(url: string, init: SendInit, timeoutMs: number): Promise<RawAnswer> {
  const res = await undiciFetch(url, {
    redirect: "error",
    ...init,
    signal: AbortSignal.timeout(timeoutMs),
    dispatcher: bflAgent(),
  });
  return { status: res.status, headers: res.headers, text: await readText(res.body as ByteSource | null) };
}

/**
 * A call that creates work at BFL goes on a connection of its own (a one-off undici Client with the
 * agent's connect timeout), never a pooled keep-alive one. A pooled socket that BFL closed while idle
 * can be picked just before its close is seen: the request is then written into a dead socket and fails
 * with "other side closed", which nothing on the client side tells apart from BFL failing after reading
 * it. On a fresh connection that race cannot happen, and a failure before it is up certainly sent nothing.
 */
async function sendFresh(url: URL, init: SendInit, timeoutMs: number): Promise<RawAnswer> {
  const client = new Client(url.origin, { connect: { timeout: getConfig().bflConnectTimeoutMs } });
  let connected = false;
  // After the TLS handshake on https: the request is written only then.
  client.once("connect", () => {
    connected = true;
  });
  try {
    const res = await undiciFetch(url, {
      redirect: "error",
      ...init,
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: client,
    });
    return { status: res.status, headers: res.headers, text: await readText(res.body as ByteSource | null) };
  } catch (err) {
    throw connected ? err : new NotSentError("connection failed before sending", { cause: err });
  } finally {
    client.destroy().catch(() => {});
  }
}

/**
 * A host that has not answered yet in this process (or failed last time) must first answer a key-less
 * `GET /` within BFL_CONNECT_TIMEOUT_MS: any HTTP answer will do. So a host that accepts no connection,
 * or accepts one and never answers, is reported in seconds instead of after the answer timeout and
 * its retries. Concurrent callers share one probe per host.
 */
const probes = new Map<string, Promise<void>>();

export function ensureAnswers(origin: string, force = false): Promise<void> {
  const host = new URL(origin).host;
  if (!force && lastReachability(host)?.reachable === true) return Promise.resolve();
  let p = probes.get(host);
  if (!p) {
    p = probeHost(origin, host).finally(() => probes.delete(host));
    probes.set(host, p);
  }
  return p;
}

async function probeHost(origin: string, host: string): Promise<void> {
  try {
    await send(
      `${origin}/`,
      { method: "GET", headers: { accept: "application/json" }, redirect: "manual" },
      getConfig().bflConnectTimeoutMs,
    );
    noteReachable(host);
  } catch (err) {
    const why = connectFailure(err) ?? (classify(err) === "timeout" ? "no_answer" : null);
    if (!why) {
      // A reset or similar on the probe: let the real call find out and report it.
      log.warn("bfl", `probe of ${host} failed`, err);
      return;
    }
    const message = unreachableMessage(host, why);
    noteUnreachable(host, message);
    throw new AppError("bfl_unavailable", message, { cause: err, notTaken: "unreachable" });
  }
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
  const init: SendInit = {
    method: call.method,
    headers,
    ...(payload === undefined ? {} : { body: payload }),
  };
  const timeoutMs = call.timeoutMs ?? cfg.bflTimeoutMs;
  const info = { method: call.method, path: call.path };
  const label = `${call.method} ${call.path}`;
  const maxAttempts = call.kind === "read" ? MAX_READ_ATTEMPTS : 2;

  await ensureAnswers(url.origin);
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= maxAttempts - 1;
    let answer: RawAnswer;
    try {
      // A create goes on a connection of its own (`sendFresh`): never a pooled socket BFL may have
      // closed while idle, so a failure before connecting certainly sent nothing.
      answer =
        call.kind === "create"
          ? await sendFresh(url, init, timeoutMs)
          : await send(url.toString(), init, timeoutMs);
      noteReachable(url.host);
    } catch (err) {
      const kind = classify(err);
      const why = connectFailure(err);
      log.warn("bfl", `${label} attempt ${attempt + 1} failed (${why ?? kind})`, err);
      if (kind === "too_large") {
        const message = call.kind === "create" ? MESSAGES.badResponseCreate : MESSAGES.badResponse;
        throw new AppError("bfl_bad_response", message, { cause: err });
      }
      // A host that resolves to nothing or accepts no connection will not in 300 ms: say so now
      // instead of after four slow attempts. A refused connection is retried once (a restart).
      const retryRead = why === null ? !last : why === "refused" && attempt === 0;
      if (call.kind === "read" && retryRead) {
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
      if (why) {
        const message = unreachableMessage(url.host, why);
        noteUnreachable(url.host, message);
        throw new AppError("bfl_unavailable", message, { cause: err, notTaken: "unreachable" });
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
    const accepted = (): boolean => {
      if (!call.acceptBody || !parsedJson) return false;
      const p = call.schema.safeParse(body);
      return p.success && call.acceptBody(answer.status, p.data);
    };
    if (!ok && !accepted()) {
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
