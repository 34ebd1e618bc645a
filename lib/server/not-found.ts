import "server-only";
import { getConfig } from "./env";

/**
 * A task its polling host answers 404 (or "Task not found") for: BFL may say so for a moment after a
 * submission, so it is polled again until BFL_NOT_FOUND_GIVE_UP_MS has passed since the first such
 * answer, then given up with a message naming the host.
 */
export function notFoundVerdict(
  since: number | null,
  pollingUrl: string | null,
): { since: number; giveUp: boolean; message: string } {
  const now = Date.now();
  const first = since ?? now;
  const limit = getConfig().notFoundGiveUpMs;
  const waited = now - first;
  // The time it was really polled for (the limit rounded to minutes said "1 min" after 10 s).
  const howLong = waited < 90_000 ? `${Math.round(waited / 1000)} s` : `${Math.round(waited / 60_000)} min`;
  let host = "BFL's polling host";
  try {
    host = `BFL's polling host ${new URL(pollingUrl ?? getConfig().bflBaseUrl).host}`;
  } catch {
    // keep the generic wording
  }
  return {
    since: first,
    giveUp: waited >= limit,
    message: `${host} kept answering "not found" for this task for ${howLong}, so it was given up. Nothing more will come from BFL for it; start it again.`,
  };
}
