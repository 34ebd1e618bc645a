import "server-only";
import { withSlotLock } from "./db";
import { getConfig } from "./env";
import {
  claimLease,
  inFlightCount,
  nextQueued,
  queuedWaiting,
  releaseLease,
  type TaskPrefix,
} from "./lease-repo";
import { log } from "./log";
import { settleFailure, submitTask, type TaskKind } from "./task-pipeline";
import { follow } from "./tracker-loop";
import { keyOf, kindOf, LEASE_MS, state } from "./tracker-state";

/**
 * The tracker's slot accounting: BFL's limit of unfinished tasks is counted in the database under its
 * lock, so it holds across instances; a task without a slot waits as `Queued` and is sent by `pump`.
 */

/** Follow a task; once its loop ends a slot is free, so the queue is pumped. */
export const watch = (kind: TaskKind, id: string) => follow(kind, id, () => void pump());

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
