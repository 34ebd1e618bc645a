import "server-only";
import { MESSAGES } from "./bfl-errors";
import { finetuneKind } from "./finetune-runner";
import { generationKind } from "./generation-runner";
import {
  claimLease,
  dropEarlierLives,
  holdsLease,
  pruneLeases,
  releaseLease,
  renewLeases,
  unleasedTasks,
} from "./lease-repo";
import { log } from "./log";
import { startNotifier } from "./notify-delivery";
import { probeDataDir } from "./storage";
import type { TaskKind } from "./task-pipeline";
import { serial } from "./tracker-loop";
import { pump, watch } from "./tracker-slots";
import { GIVE_UP_MS, keyOf, kindOf, LEASE_MS, leaseUntil, state } from "./tracker-state";

export { admitTask, submitAdmitted } from "./tracker-slots";

/**
 * The task tracker: the server, not the browser, follows every unfinished BFL task. Several dashboard
 * instances may share one database: each task is followed by the one instance holding its lease (in the
 * database, renewed every few seconds while the instance lives; a killed instance's tasks are taken over
 * once its leases expire). Within an instance, one poll loop per task however many browsers watch it.
 * The 24-task limit is counted in the database, so it holds across instances; further submissions wait
 * as `Queued` and are sent once, by whichever instance claims them first.
 *
 * In parts: tracker-state.ts (what the parts share), tracker-loop.ts (the poll loop),
 * tracker-slots.ts (slot accounting and the queue), and here the lifecycle and webhook confirmations.
 */

const PUMP_MS = 1_000;
const HEARTBEAT_MS = 5_000;

/**
 * Poll a task now (an inbound webhook said it finished); the loop stays the fallback. Only the instance
 * holding the task's lease polls it: elsewhere this takes the lease if it is free, else leaves the poll
 * to the holder, whose loop polls within its interval anyway.
 */
async function confirm(kind: TaskKind, id: string): Promise<void> {
  const s = state();
  const key = keyOf(kind, id);
  if (s.loops.has(key)) {
    await serial(key, () => kind.poll(id));
    return;
  }
  // Held here without a loop: this instance is still submitting it, and follows it once sent.
  if (await holdsLease(key, s.owner, Date.now())) return;
  if (!(await claimLease(key, s.owner, leaseUntil(), Date.now()))) return;
  const outcome = await serial(key, () => kind.poll(id));
  if (outcome === "pending") await watch(kind, id);
  else await releaseLease(key, s.owner);
}

export const confirmGeneration = (id: string) => confirm(generationKind, id);
export const confirmFinetune = (id: string) => confirm(finetuneKind, id);

/**
 * Renew this instance's leases and take over tasks nobody holds: Pending ones are polled again; ones
 * caught mid-submit are marked unknown (never resubmitted: BFL may have them).
 */
async function heartbeat(): Promise<void> {
  const s = state();
  const now = Date.now();
  await renewLeases(s.owner, now + LEASE_MS);
  await pruneLeases(now - GIVE_UP_MS);
  const orphans = await unleasedTasks(now);
  for (const t of orphans) {
    const kind = kindOf(t.prefix);
    if (t.status === "Pending") await watch(kind, t.id);
    else if (await claimLease(keyOf(kind, t.id), s.owner, now + LEASE_MS, now)) {
      await kind.update(t.id, {
        status: "Error",
        error_code: "bfl_unknown_outcome",
        error_message: MESSAGES.unknownOutcome,
      });
      await releaseLease(keyOf(kind, t.id), s.owner);
    }
  }
  if (orphans.length > 0) log.info("tracker", `took over ${orphans.length} unfollowed tasks`);
}

/**
 * Start once per process (instrumentation.ts, through `ensureTracker`). Leases an earlier
 * life of this instance (same host and port) left are dropped first, so a restart resumes at once.
 */
export async function startTracker(): Promise<void> {
  const s = state();
  if (s.started) return;
  s.started = true;
  const problem = await probeDataDir();
  if (problem) {
    log.error(
      "tracker",
      `Storage is not usable: ${problem} The dashboard answers storage_failed until fixed.`,
    );
    s.started = false;
    return;
  }
  try {
    await dropEarlierLives(s.owner.slice(0, s.owner.lastIndexOf(":") + 1), s.owner);
    await heartbeat();
  } catch (err) {
    s.started = false;
    log.error("tracker", "could not start", err);
    return;
  }
  const every = (ms: number, fn: () => void) => {
    const t = setInterval(fn, ms);
    t.unref();
    s.timers.push(t);
  };
  every(PUMP_MS, () => void pump());
  every(HEARTBEAT_MS, () => {
    heartbeat().catch((err) => log.error("tracker", "lease heartbeat failed", err));
  });
  void pump();
  startNotifier();
}

/** Starts the tracker unless it runs (instrumentation.ts at start-up; idempotent). */
export function ensureTracker(): void {
  if (!state().started) void startTracker();
}
