import type { TaskFailure } from "./store";

/**
 * Tasks that end as Error the way today's BFL answers them: the poll's HTTP status is 503 or 422 and
 * its body is the finished task (`status: "Error"`, `details.error`). A prompt word picks one (docs/simulator.md);
 * otherwise SIMULATOR_ERROR_SHARE fails an exact share of submissions, alternating 503 and 422.
 */
export const FAILURE_WORDS = { "error-503": 503, "error-422": 422 } as const;

export const FAILURE_MESSAGES = {
  503: "Simulated failure: the cluster lost this task's worker (HTTP 503)",
  422: "Simulated failure: the task's input could not be processed (HTTP 422)",
} as const;

const failure = (status: 422 | 503): TaskFailure => ({ status, error: FAILURE_MESSAGES[status] });

/**
 * `submitted` is the 1-based number of this submission. With share s, submission n fails when
 * floor(n·s) > floor((n−1)·s): exactly s of every run of submissions, spread evenly, no randomness.
 */
export function failureFor(prompt: string, submitted: number, share: number): TaskFailure | null {
  const p = prompt.toLowerCase();
  for (const [word, status] of Object.entries(FAILURE_WORDS)) if (p.includes(word)) return failure(status);
  const failed = Math.floor(submitted * share + 1e-9);
  if (failed <= Math.floor((submitted - 1) * share + 1e-9)) return null;
  return failure(failed % 2 === 1 ? 503 : 422);
}
