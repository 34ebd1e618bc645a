import "server-only";
import { sql } from "kysely";
import { getDb } from "./db";

/**
 * The task pipeline's shared state in the database, so several dashboard instances on one database
 * (SQLite or Postgres) agree: who holds a task (a lease with an expiry), how many tasks are active at
 * BFL, which queued task goes next. A task's key is `<kind prefix>:<id>`. The count-then-take steps run
 * under `withSlotLock` (db.ts), which serialises them across instances.
 */

export type TaskPrefix = "g" | "f";

/** BFL statuses after which a task no longer counts against the account's limit. */
const ENDED_AT_BFL = ["Ready", "Error", "Request Moderated", "Content Moderated", "Task not found"];

/** Take the lease of `key` if nobody holds it, it expired, or `owner` holds it already. */
export async function claimLease(key: string, owner: string, until: number, now: number): Promise<boolean> {
  const db = await getDb();
  const res = await db
    .insertInto("task_leases")
    .values({ task_key: key, owner, lease_until: until })
    .onConflict((oc) =>
      oc
        .column("task_key")
        .doUpdateSet((eb) => ({
          owner: eb.ref("excluded.owner"),
          lease_until: eb.ref("excluded.lease_until"),
        }))
        .where((eb) =>
          eb.or([
            eb("task_leases.lease_until", "<", now),
            eb("task_leases.owner", "=", eb.ref("excluded.owner")),
          ]),
        ),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function holdsLease(key: string, owner: string, now: number): Promise<boolean> {
  const db = await getDb();
  const row = await db
    .selectFrom("task_leases")
    .select("task_key")
    .where("task_key", "=", key)
    .where("owner", "=", owner)
    .where("lease_until", ">=", now)
    .executeTakeFirst();
  return row !== undefined;
}

/** Extend every lease `owner` holds (its heartbeat): one statement however many tasks it follows. */
export async function renewLeases(owner: string, until: number): Promise<number> {
  const db = await getDb();
  const res = await db
    .updateTable("task_leases")
    .set({ lease_until: until })
    .where("owner", "=", owner)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function releaseLease(key: string, owner: string): Promise<void> {
  const db = await getDb();
  await db.deleteFrom("task_leases").where("task_key", "=", key).where("owner", "=", owner).execute();
}

/** Leases held by an earlier process of the same instance (`owner` starts with `self`): it is gone. */
export async function dropEarlierLives(self: string, owner: string): Promise<void> {
  const db = await getDb();
  await db
    .deleteFrom("task_leases")
    .where(sql<string>`substr(owner, 1, ${self.length})`, "=", self)
    .where("owner", "<>", owner)
    .execute();
}

/** Leases of tasks that finished or vanished without a release (a killed instance's, long expired). */
export async function pruneLeases(before: number): Promise<void> {
  const db = await getDb();
  await db.deleteFrom("task_leases").where("lease_until", "<", before).execute();
}

/** Unfinished tasks at BFL that this dashboard (any instance) submitted or is submitting right now. */
export async function inFlightCount(): Promise<number> {
  const db = await getDb();
  const gens = await db
    .selectFrom("generations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where((w) =>
      w.or([
        w("status", "=", "Submitting"),
        w.and([
          w("status", "=", "Pending"),
          w.or([w("bfl_status", "is", null), w("bfl_status", "not in", ENDED_AT_BFL)]),
        ]),
      ]),
    )
    .executeTakeFirstOrThrow();
  const fts = await db
    .selectFrom("finetunes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "in", ["Submitting", "Pending"])
    .executeTakeFirstOrThrow();
  return Number(gens.n) + Number(fts.n);
}

/** The oldest queued task of a table whose retry time has come. */
async function oldestQueued(table: "generations" | "finetunes", now: number): Promise<string | undefined> {
  const db = await getDb();
  const row = await db
    .selectFrom(table)
    .select("id")
    .where("status", "=", "Queued")
    .where(sql<number>`coalesce(not_before, 0)`, "<=", now)
    .orderBy("seq")
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function queuedWaiting(now: number): Promise<boolean> {
  return (await nextQueued(now)) !== undefined;
}

/** The next queued task due to be sent: finetunes first (few, and slow to train), then oldest first. */
export async function nextQueued(now: number): Promise<{ prefix: TaskPrefix; id: string } | undefined> {
  const ft = await oldestQueued("finetunes", now);
  if (ft) return { prefix: "f", id: ft };
  const gen = await oldestQueued("generations", now);
  return gen ? { prefix: "g", id: gen } : undefined;
}

/**
 * Submitting or Pending tasks whose lease is missing or expired: their instance stopped (killed, or
 * restarted) and another must take them over.
 */
export async function unleasedTasks(
  now: number,
): Promise<{ prefix: TaskPrefix; id: string; status: "Submitting" | "Pending" }[]> {
  const db = await getDb();
  const orphans = async (table: "finetunes" | "generations", prefix: TaskPrefix) => {
    const { rows } = await sql<{ id: string; status: "Submitting" | "Pending" }>`
      SELECT id, status FROM ${sql.table(table)} t WHERE status IN ('Submitting', 'Pending') AND NOT EXISTS
        (SELECT 1 FROM task_leases l WHERE l.task_key = ${`${prefix}:`} || t.id AND l.lease_until >= ${now})
      ORDER BY seq`.execute(db);
    return rows.map((r) => ({ prefix, id: r.id, status: r.status }));
  };
  return [...(await orphans("finetunes", "f")), ...(await orphans("generations", "g"))];
}
