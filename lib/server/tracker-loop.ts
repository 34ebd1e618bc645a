import "server-only";
import { sleep } from "./bfl-transport";
import { isAppError } from "./errors";
import { claimLease, holdsLease, releaseLease } from "./lease-repo";
import { log } from "./log";
import type { PollOutcome, TaskKind } from "./task-pipeline";
import { GIVE_UP_MS, keyOf, leaseUntil, state } from "./tracker-state";

/**
 * The tracker's poll loop: one loop per task this instance holds the lease of, polling at the kind's
 * interval, backing off while polls fail and giving up after an hour.
 */

const MAX_ERROR_DELAY_MS = 30_000;

/**
 * Run one poll of a task after any poll of it already running. The tracker's loop and an inbound BFL
 * webhook may both want to poll the same task at once; each poll re-reads the row first, so the second
 * sees the result already stored and stops: an image is stored once.
 */
export function serial<T>(key: string, poll: () => Promise<T>): Promise<T> {
  const polls = state().polls;
  const run = (polls.get(key) ?? Promise.resolve()).then(poll);
  const settled = run.catch(() => undefined);
  polls.set(key, settled);
  void settled.then(() => {
    if (polls.get(key) === settled) polls.delete(key);
  });
  return run;
}

async function loop(kind: TaskKind, id: string): Promise<void> {
  const s = state();
  const key = keyOf(kind, id);
  let failingSince: number | null = null;
  let delay = kind.pollMs;
  for (;;) {
    await sleep(delay);
    // Lost the lease (this process stalled past its expiry and another instance took the task).
    if (!(await holdsLease(key, s.owner, Date.now()))) {
      log.warn("tracker", `${key} is followed by another instance now`);
      return;
    }
    try {
      const outcome: PollOutcome = await serial(key, () => kind.poll(id));
      failingSince = null;
      delay = kind.pollMs;
      if (outcome === "done") return await releaseLease(key, s.owner);
    } catch (err) {
      failingSince ??= Date.now();
      delay = Math.min(MAX_ERROR_DELAY_MS, Math.max(delay * 2, 1_000));
      log.warn("tracker", `poll of ${key} failed; next try in ${delay} ms`, isAppError(err) ? err.code : err);
      if (Date.now() - failingSince > GIVE_UP_MS) {
        log.error("tracker", `gave up on ${kind.noun} ${id}`, err);
        await kind.update(
          id,
          { status: "Error", error_code: "bfl_unavailable", error_message: kind.unreachable },
          "bfl_unavailable",
        );
        return await releaseLease(key, s.owner);
      }
    }
  }
}

/**
 * Follow a task until it finishes, if this instance holds (or can take) its lease. `then` runs once the
 * loop has ended (its slot is free).
 */
export async function follow(kind: TaskKind, id: string, then: () => void): Promise<void> {
  const s = state();
  const key = keyOf(kind, id);
  if (s.loops.has(key)) return;
  // Marked before the claim's await, so two callers cannot both start a loop for the task.
  s.loops.add(key);
  let claimed = false;
  try {
    claimed = await claimLease(key, s.owner, leaseUntil(), Date.now());
  } finally {
    if (!claimed) s.loops.delete(key);
  }
  if (!claimed) return;
  loop(kind, id)
    .catch((err) => log.error("tracker", `following ${key} failed`, err))
    .finally(() => {
      s.loops.delete(key);
      then();
    });
}
