import "server-only";
import { getConfig } from "./env";
import type { AppError } from "./errors";
import type { TaskKind } from "./task-pipeline";

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

/**
 * A not-found answer for a task: its first time is noted and `err` thrown (the tracker polls again,
 * with backoff) until the give-up time has passed; then the task ends as Error.
 */
export async function notFoundOrGiveUp(
  kind: Pick<TaskKind, "update">,
  row: { id: string; not_found_since: number | null; polling_url: string | null },
  err: AppError,
): Promise<"done"> {
  const verdict = notFoundVerdict(row.not_found_since, row.polling_url);
  if (row.not_found_since === null) await kind.update(row.id, { not_found_since: verdict.since });
  if (!verdict.giveUp) throw err;
  await kind.update(
    row.id,
    { status: "Error", error_code: "bfl_not_found", error_message: verdict.message },
    "bfl_not_found",
  );
  return "done";
}
