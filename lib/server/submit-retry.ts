import "server-only";
import { AppError } from "./errors";

/**
 * When a failed submission goes back in the queue. Only when BFL certainly created nothing: it said
 * "come back later" (429, 503), or (for a task sent from the queue) the connection was refused. A 500,
 * a timeout or a reset may have started the task, so those are never sent again.
 */

/** Times a submission is put back in the queue before it fails for good. */
export const MAX_QUEUE_ATTEMPTS = 6;
/** BFL's Retry-After is honoured, but never below this, so a `Retry-After: 0` cannot spin. */
const MIN_DELAY_MS = 1_000;

export function shouldRequeue(error: AppError, fromQueue: boolean): boolean {
  const notTaken = error.extra.notTaken;
  return notTaken === "retry_later" || (fromQueue && notTaken === "unreachable");
}

/** BFL's Retry-After when it sent one, else exponential backoff from `baseMs`. */
export function requeueDelayMs(error: AppError, attempts: number, baseMs: number): number {
  const asked = error.extra.retryAfterMs;
  if (asked !== undefined) return Math.max(MIN_DELAY_MS, asked);
  return baseMs * 2 ** Math.min(attempts, 5);
}

/** The error a person sees once the queue gave up: the reason plus how often it was tried. */
export function gaveUp(error: AppError, attempts: number): AppError {
  return new AppError(
    error.code,
    `${error.message} Gave up after ${attempts + 1} tries; BFL did not take this task, nothing was charged.`,
    { cause: error },
  );
}
