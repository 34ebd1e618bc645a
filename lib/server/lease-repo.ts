import "server-only";
import { getDb, stmt } from "./db";

/**
 * The task pipeline's shared state in the database, so several dashboard instances on one database
 * agree: who holds a task (a lease with an expiry), how many tasks are active at BFL, which queued task
 * goes next. Plain SQL that SQLite and Postgres both accept. A task's key is `<kind prefix>:<id>`.
 */

export type TaskPrefix = "g" | "f";

/** Take the lease of `key` if nobody holds it, it expired, or `owner` holds it already. */
export function claimLease(key: string, owner: string, until: number, now: number): boolean {
  const res = stmt(
    `INSERT INTO task_leases (task_key, owner, lease_until) VALUES (?, ?, ?)
     ON CONFLICT (task_key) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
     WHERE task_leases.lease_until < ? OR task_leases.owner = excluded.owner`,
  ).run(key, owner, until, now);
  return res.changes === 1;
}

export function holdsLease(key: string, owner: string, now: number): boolean {
  return (
    stmt("SELECT 1 AS held FROM task_leases WHERE task_key = ? AND owner = ? AND lease_until >= ?").get(
      key,
      owner,
      now,
    ) !== undefined
  );
}

/** Extend every lease `owner` holds (its heartbeat): one statement however many tasks it follows. */
export function renewLeases(owner: string, until: number): number {
  return stmt("UPDATE task_leases SET lease_until = ? WHERE owner = ?").run(until, owner).changes;
}

export function releaseLease(key: string, owner: string): void {
  stmt("DELETE FROM task_leases WHERE task_key = ? AND owner = ?").run(key, owner);
}

/** Leases held by an earlier process of the same instance (`owner` starts with `self`): it is gone. */
export function dropEarlierLives(self: string, owner: string): void {
  stmt("DELETE FROM task_leases WHERE substr(owner, 1, ?) = ? AND owner <> ?").run(self.length, self, owner);
}

/** Leases of tasks that finished or vanished without a release (a killed instance's, long expired). */
export function pruneLeases(before: number): void {
  stmt("DELETE FROM task_leases WHERE lease_until < ?").run(before);
}

/** Unfinished tasks at BFL that this dashboard (any instance) submitted or is submitting right now. */
export function inFlightCount(): number {
  const row = stmt(
    `SELECT
        (SELECT count(*) FROM generations WHERE status = 'Submitting'
           OR (status = 'Pending' AND (bfl_status IS NULL OR bfl_status NOT IN
               ('Ready', 'Error', 'Request Moderated', 'Content Moderated', 'Task not found'))))
      + (SELECT count(*) FROM finetunes WHERE status IN ('Submitting', 'Pending')) AS n`,
  ).get() as { n: number };
  return Number(row.n);
}

export function queuedWaiting(now: number): boolean {
  const row = stmt(
    `SELECT (SELECT count(*) FROM generations WHERE status = 'Queued' AND coalesce(not_before, 0) <= ?)
            + (SELECT count(*) FROM finetunes WHERE status = 'Queued' AND coalesce(not_before, 0) <= ?) AS n`,
  ).get(now, now) as { n: number };
  return Number(row.n) > 0;
}

/** The next queued task due to be sent: finetunes first (few, and slow to train), then oldest first. */
export function nextQueued(now: number): { prefix: TaskPrefix; id: string } | undefined {
  const ft = stmt(
    "SELECT id FROM finetunes WHERE status = 'Queued' AND coalesce(not_before, 0) <= ? ORDER BY seq LIMIT 1",
  ).get(now) as { id: string } | undefined;
  if (ft) return { prefix: "f", id: ft.id };
  const gen = stmt(
    "SELECT id FROM generations WHERE status = 'Queued' AND coalesce(not_before, 0) <= ? ORDER BY seq LIMIT 1",
  ).get(now) as { id: string } | undefined;
  return gen ? { prefix: "g", id: gen.id } : undefined;
}

/**
 * Submitting or Pending tasks whose lease is missing or expired: their instance stopped (killed, or
 * restarted) and another must take them over.
 */
export function unleasedTasks(
  now: number,
): { prefix: TaskPrefix; id: string; status: "Submitting" | "Pending" }[] {
  const orphans = (table: string, prefix: TaskPrefix) =>
    (
      stmt(
        `SELECT id, status FROM ${table} t WHERE status IN ('Submitting', 'Pending') AND NOT EXISTS
           (SELECT 1 FROM task_leases l WHERE l.task_key = '${prefix}:' || t.id AND l.lease_until >= ?)
         ORDER BY seq`,
      ).all(now) as { id: string; status: "Submitting" | "Pending" }[]
    ).map((r) => ({ prefix, ...r }));
  return [...orphans("finetunes", "f"), ...orphans("generations", "g")];
}

/**
 * Run `fn` holding the database's write lock from the start (SQLite `BEGIN IMMEDIATE`; on Postgres a
 * transaction-scoped advisory lock does the same), so "count the active tasks, then take a slot" cannot
 * interleave with another instance doing the same: the 24-task limit holds across instances.
 */
export function withSlotLock<T>(fn: () => T): T {
  return getDb().transaction(fn).immediate();
}
