import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { MESSAGES } from "./bfl-errors";
import { sleep } from "./bfl-transport";
import { withSlotLock } from "./db";
import { getConfig } from "./env";
import { isAppError } from "./errors";
import { finetuneKind } from "./finetune-runner";
import { generationKind } from "./generation-runner";
import {
  claimLease,
  dropEarlierLives,
  holdsLease,
  inFlightCount,
  nextQueued,
  pruneLeases,
  queuedWaiting,
  releaseLease,
  renewLeases,
  type TaskPrefix,
  unleasedTasks,
} from "./lease-repo";
import { log } from "./log";
import { startNotifier } from "./notify-delivery";
import { probeDataDir } from "./storage";
import { type PollOutcome, settleFailure, submitTask, type TaskKind } from "./task-pipeline";

/**
 * The task tracker: the server, not the browser, follows every unfinished BFL task. Several dashboard
 * instances may share one database: each task is followed by the one instance holding its lease (in the
 * database, renewed every few seconds while the instance lives; a killed instance's tasks are taken over
 * once its leases expire). Within an instance, one poll loop per task however many browsers watch it.
 * The 24-task limit is counted in the database, so it holds across instances; further submissions wait
 * as `Queued` and are sent once, by whichever instance claims them first.
 */

const MAX_ERROR_DELAY_MS = 30_000;
/** Give up on a task whose polls have failed for this long. */
const GIVE_UP_MS = 60 * 60 * 1000;
const PUMP_MS = 1_000;
/** A lease lasts this long unless renewed; the heartbeat renews it (and looks for orphans) this often. */
const LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;

interface TrackerState {
  started: boolean;
  /** This process's name on its leases: host and port (a restart reclaims its own) plus a random part. */
  owner: string;
  loops: Set<string>;
  /** The last poll queued per task: polls of one task (loop or webhook) run one after another. */
  polls: Map<string, Promise<unknown>>;
  pumping: boolean;
  timers: NodeJS.Timeout[];
}

const KEY = Symbol.for("finetune-studio.tracker");
type Holder = { [KEY]?: TrackerState };

function state(): TrackerState {
  const holder = globalThis as Holder;
  holder[KEY] ??= {
    started: false,
    owner: `${hostname()}:${getConfig().port}:${randomUUID().slice(0, 8)}`,
    loops: new Set(),
    polls: new Map(),
    pumping: false,
    timers: [],
  };
  return holder[KEY];
}

/** The registry of task kinds, by the prefix of their lease key. A function: kinds load after this file. */
function kindOf(prefix: TaskPrefix): TaskKind {
  return prefix === "g" ? generationKind : finetuneKind;
}

const keyOf = (kind: TaskKind, id: string) => `${kind.prefix}:${id}`;
const leaseUntil = () => Date.now() + LEASE_MS;

/**
 * Insert a new task as `Submitting` when a slot is free (then this instance holds its lease), else as
 * `Queued`. Counting and inserting happen under the database's write lock, so instances cannot both
 * take the last slot. Waiting queued tasks go first. Returns whether it may be sent now.
 */
export function admitTask(
  prefix: TaskPrefix,
  id: string,
  insert: (status: "Submitting" | "Queued") => Promise<void>,
): Promise<boolean> {
  const owner = state().owner;
  return withSlotLock(async () => {
    const now = Date.now();
    const slot = (await inFlightCount()) < getConfig().maxActiveTasks && !(await queuedWaiting(now));
    await insert(slot ? "Submitting" : "Queued");
    if (slot) await claimLease(`${prefix}:${id}`, owner, now + LEASE_MS, now);
    return slot;
  });
}

/**
 * Send a task `admitTask` let through, with the inputs the caller holds. A failure BFL did not act on
 * queues it again; any other failure is thrown (after `settleFailure`), so the request reports it.
 */
export async function submitAdmitted<Held>(prefix: TaskPrefix, id: string, held: Held): Promise<void> {
  const kind = kindOf(prefix);
  const row = await kind.get(id);
  if (!row) return;
  const outcome = await submitTask(kind, row, false, held);
  if (outcome.kind === "submitted") return watch(kind, id);
  await releaseLease(keyOf(kind, id), state().owner);
  if (outcome.kind === "failed") {
    await settleFailure(kind, id, outcome.error, false);
    void pump();
    throw outcome.error;
  }
}

/**
 * Run one poll of a task after any poll of it already running. The tracker's loop and an inbound BFL
 * webhook may both want to poll the same task at once; each poll re-reads the row first, so the second
 * sees the result already stored and stops: an image is stored once.
 */
function serial<T>(key: string, poll: () => Promise<T>): Promise<T> {
  const polls = state().polls;
  const run = (polls.get(key) ?? Promise.resolve()).then(poll);
  const settled = run.catch(() => undefined);
  polls.set(key, settled);
  void settled.then(() => {
    if (polls.get(key) === settled) polls.delete(key);
  });
  return run;
}

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

/** Follow a task until it finishes, if this instance holds (or can take) its lease. */
async function watch(kind: TaskKind, id: string): Promise<void> {
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
      void pump();
    });
}

/** Send queued tasks, oldest first, while slots are free (across every instance on the database). */
export async function pump(): Promise<void> {
  const s = state();
  if (s.pumping) return;
  s.pumping = true;
  try {
    const max = getConfig().maxActiveTasks;
    for (;;) {
      const next = await withSlotLock(async () => {
        const now = Date.now();
        if ((await inFlightCount()) >= max) return undefined;
        const task = await nextQueued(now);
        if (!task) return undefined;
        await kindOf(task.prefix).update(task.id, { status: "Submitting", not_before: null });
        await claimLease(`${task.prefix}:${task.id}`, s.owner, now + LEASE_MS, now);
        return task;
      });
      if (!next) return;
      sendQueued(kindOf(next.prefix), next.id).catch((err) =>
        log.error("tracker", `queued ${kindOf(next.prefix).noun} failed`, err),
      );
    }
  } catch (err) {
    log.error("tracker", "could not submit queued tasks", err);
  } finally {
    s.pumping = false;
  }
}

async function sendQueued(kind: TaskKind, id: string): Promise<void> {
  const row = await kind.get(id);
  if (!row) return releaseLease(keyOf(kind, id), state().owner);
  const outcome = await submitTask(kind, row, true);
  if (outcome.kind === "submitted") return watch(kind, id);
  await releaseLease(keyOf(kind, id), state().owner);
  if (outcome.kind === "failed") await settleFailure(kind, id, outcome.error, true);
}

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
