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
  const minutes = Math.max(1, Math.round(limit / 60_000));
  let host = "BFL's polling host";
  try {
    host = `BFL's polling host ${new URL(pollingUrl ?? getConfig().bflBaseUrl).host}`;
  } catch {
    // keep the generic wording
  }
  return {
    since: first,
    giveUp: now - first >= limit,
    message: `${host} kept answering "not found" for this task for ${minutes} min, so it was given up. Nothing more will come from BFL for it; start it again.`,
  };
}
