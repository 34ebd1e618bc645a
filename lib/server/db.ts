import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { type Opened, openPostgres, openSqlite } from "./db-drivers";
import type { Db, Dialect } from "./db-schema";
import { getConfig } from "./env";
import { AppError, isAppError, storageError } from "./errors";

/**
 * The one query layer: a Kysely instance typed with the schema (db-schema.ts), on SQLite
 * (DATA_DIR/studio.db, the embedded default) or on Postgres when DATABASE_URL is set (db-drivers.ts
 * opens either; db-migrate.ts migrates). Opened once per process, kept on `globalThis` because Next
 * bundles route handlers separately and a module-level variable could exist once per bundle. Here too:
 * transactions, the cross-instance slot lock, and storage errors.
 */
export type { Db, Dialect };

const KEY = Symbol.for("finetune-studio.db");
type Holder = { [KEY]?: Promise<Opened> };

/**
 * The transaction a `tx` (or `withSlotLock`) callback runs in, for the code it calls: inside it, `getDb()`
 * answers the transaction and a nested `tx` joins it. Without this, a repo called from inside would wait
 * for SQLite's one connection (held by the transaction) forever. `open` turns false at the end, so work
 * the callback started that outlives it goes back to the database itself.
 */
const ambient = new AsyncLocalStorage<{ trx: Db; open: boolean }>();

/**
 * The database, opened and migrated on first use (inside a `tx` callback: its transaction). Throws
 * `storage_failed` when it cannot be opened.
 */
export async function getDb(): Promise<Db> {
  const current = ambient.getStore();
  if (current?.open) return current.trx;
  return (await opened()).db;
}

export async function dialect(): Promise<Dialect> {
  return (await opened()).dialect;
}

function opened(): Promise<Opened> {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (existing) return existing;
  const url = getConfig().databaseUrl;
  const opening = (url ? openPostgres(url) : openSqlite()).catch((err: unknown) => {
    // Not cached: the next request tries again (the folder may have been fixed, Postgres started).
    holder[KEY] = undefined;
    throw err;
  });
  holder[KEY] = opening;
  return opening;
}

/** Why the database cannot be used (damaged, unwritable folder, Postgres down …), or null when it opens. */
export async function databaseProblem(): Promise<AppError | null> {
  try {
    await getDb();
    return null;
  } catch (err) {
    return isAppError(err) ? err : storageError(err, "open the database");
  }
}

/**
 * A token that changes whenever anything is committed to the database, by this process or any other:
 * on SQLite this connection's `total_changes()` with `PRAGMA data_version` (which moves on every other
 * connection's commit). One cheap query; null on Postgres, which has no equivalent (memoByData then
 * always loads).
 */
export async function dataVersion(): Promise<string | null> {
  const { db, dialect } = await opened();
  if (dialect !== "sqlite") return null;
  // Both counters start again with a new connection (closeDb, then the next getDb): name the connection too.
  let connection = connectionIds.get(db);
  if (connection === undefined) {
    connection = randomUUID();
    connectionIds.set(db, connection);
  }
  const row = await sql<{ changes: number; version: number }>`SELECT total_changes() AS changes,
    (SELECT data_version FROM pragma_data_version) AS version`.execute(await getDb());
  const v = row.rows[0];
  return v ? `${connection}:${v.changes}:${v.version}` : null;
}

/** Random, so that copies of this module in separate route bundles never give two connections one name. */
const connectionIds = new WeakMap<Db, string>();

const pendingAfterCommit = new WeakMap<Db, (() => void)[]>();

/** Run `fn` once the transaction `db` commits (at once when `db` is not a `tx` transaction). */
export function afterCommit(db: Db, fn: () => void): void {
  const list = pendingAfterCommit.get(db);
  if (list) list.push(fn);
  else fn();
}

/**
 * Run `fn` in a transaction (on SQLite it holds the write lock from BEGIN); called inside another
 * transaction, it joins that one. Errors about space or permissions (SQLite's codes, Postgres' disk-full
 * and I/O classes) become `storage_failed`. Keep network calls out of `fn`: on SQLite the one
 * connection is held until it ends.
 */
export async function tx<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
  const current = ambient.getStore();
  if (current?.open) return fn(current.trx);
  const db = (await opened()).db;
  const after: (() => void)[] = [];
  try {
    const result = await db.transaction().execute(async (trx) => {
      pendingAfterCommit.set(trx, after);
      const store = { trx: trx as Db, open: true };
      try {
        return await ambient.run(store, () => fn(trx));
      } finally {
        store.open = false;
      }
    });
    for (const run of after) run();
    return result;
  } catch (err) {
    throw asStorageError(err);
  }
}

/** The advisory lock key of `withSlotLock` on Postgres (any constant; the migrations use 7234001). */
const SLOT_LOCK_KEY = 7234002;

/**
 * Run `fn` in a transaction that holds the database-wide slot lock until it ends: on SQLite the write
 * lock (`BEGIN IMMEDIATE`), on Postgres a transaction-scoped advisory lock. Used so "count the active
 * tasks, then take a slot or claim a queued task" cannot interleave with another instance doing the
 * same: BFL's 24-task limit holds across instances on either database.
 */
export function withSlotLock<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
  const locked = () =>
    tx(async (trx) => {
      if ((await dialect()) === "postgres")
        await sql`SELECT pg_advisory_xact_lock(${SLOT_LOCK_KEY})`.execute(trx);
      return fn(trx);
    });
  if (ambient.getStore()?.open) return locked();
  // One at a time per process, so waiters hold no more than one pooled Postgres connection.
  const holder = globalThis as SlotHolder;
  const run = (holder[SLOT_KEY] ?? Promise.resolve()).then(locked);
  holder[SLOT_KEY] = run.catch(() => undefined);
  return run;
}

const SLOT_KEY = Symbol.for("finetune-studio.slot-lock");
type SlotHolder = { [SLOT_KEY]?: Promise<unknown> };

/** Space and permission failures of either database as `storage_failed`; anything else unchanged. */
export function asStorageError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return err;
  if (/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/.test(code)) return storageError(err, "save to the database");
  // Postgres SQLSTATE 53100 disk_full, 53xxx insufficient resources, 58030 io_error.
  if (/^53\d{3}$/.test(code) || code === "58030") {
    return new AppError(
      "storage_failed",
      "Could not save to the database: the Postgres server is out of space or resources. Free space on it and retry.",
      { cause: err },
    );
  }
  return err;
}

/** A patch with `undefined` values written as NULL (as the repos' updates always did). */
export function nullsForUndefined<T extends object>(patch: T): T {
  return Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v ?? null])) as T;
}

/** Close the database (tests, and a clean shutdown); the next `getDb()` opens it again. */
export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const current = holder[KEY];
  holder[KEY] = undefined;
  if (current) await (await current.catch(() => undefined))?.db.destroy();
}
