import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from "kysely";
import pg from "pg";
import type { Database } from "./db-schema";
import { getConfig } from "./env";
import { AppError, isAppError, storageError } from "./errors";
import { log } from "./log";
import { MIGRATIONS, POSTGRES_TYPES, SQLITE_TYPES } from "./migrations";

/**
 * The one query layer: a Kysely instance typed with the schema (db-schema.ts), on SQLite
 * (DATA_DIR/studio.db, the embedded default) or on Postgres when DATABASE_URL is set. Opened and
 * migrated once per process, kept on `globalThis` because Next bundles route handlers separately and a
 * module-level variable could exist once per bundle.
 */
export type Db = Kysely<Database>;
export type Dialect = "sqlite" | "postgres";

interface Opened {
  db: Db;
  dialect: Dialect;
}

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

async function openSqlite(): Promise<Opened> {
  const dir = getConfig().dataDir;
  let raw: SqliteDatabase.Database;
  try {
    mkdirSync(dir, { recursive: true });
    raw = new SqliteDatabase(path.join(dir, "studio.db"), { timeout: 5_000 });
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.pragma("foreign_keys = ON");
    raw.pragma("busy_timeout = 5000");
  } catch (err) {
    log.error("db", "could not open the database in DATA_DIR", err);
    throw storageError(err, "open the database");
  }
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: cachingStatements(raw) }),
  });
  try {
    await migrate(db, "sqlite");
  } catch (err) {
    await db.destroy();
    log.error("db", "could not open the database in DATA_DIR", err);
    throw isAppError(err) ? err : storageError(err, "open the database");
  }
  return { db, dialect: "sqlite" };
}

/**
 * Kysely's SQLite dialect with transactions opened by `BEGIN IMMEDIATE`: the write lock is taken at the
 * start, so several processes on one file serialise their transactions (waiting up to the busy
 * timeout) instead of one failing with SQLITE_BUSY when it upgrades a read to a write. It is also what
 * makes `withSlotLock` a cross-process lock on SQLite.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/** Postgres' BIGINT (count(*), our millisecond columns) as a JS number instead of a string. */
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary"
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function openPostgres(url: string): Promise<Opened> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    types: pgTypes,
  });
  // An idle client losing its connection (Postgres restarted) must not crash the process.
  pool.on("error", (err) => log.warn("db", "an idle Postgres connection failed", err));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, "postgres");
  } catch (err) {
    await db.destroy();
    log.error("db", "could not open the Postgres database (DATABASE_URL)", err);
    throw postgresProblem(err);
  }
  return { db, dialect: "postgres" };
}

function postgresProblem(err: unknown): AppError {
  if (isAppError(err)) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError(
    "storage_failed",
    `Could not open the database at DATABASE_URL (${detail.replace(/postgres(ql)?:\/\/\S+/g, "postgres://…")}). Check that Postgres is running and the URL, user and password are right.`,
    { cause: err },
  );
}

/**
 * Prepared statements, cached per connection: preparing costs more than running a point lookup, and
 * these run on every poll. Kysely's SQLite driver prepares each query anew, so it gets a database whose
 * `prepare` remembers; queries are built from code, so the cache holds one entry per query shape.
 */
function cachingStatements(raw: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => raw.close(),
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (!statement) {
        statement = raw.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },
    /** For tests: the raw connection. */
    raw,
  };
}

/** Apply every migration not yet recorded in `schema_migrations`, each in its own transaction. */
export async function migrate(db: Db, which: Dialect): Promise<void> {
  // Several instances starting at once on Postgres: one migrates, the others wait here and then skip.
  const lock = async (trx: Db) => {
    if (which === "postgres") await sql`SELECT pg_advisory_xact_lock(7234001)`.execute(trx);
  };
  await db.transaction().execute(async (trx) => {
    await lock(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(trx);
  });
  const types = which === "postgres" ? POSTGRES_TYPES : SQLITE_TYPES;
  for (const m of MIGRATIONS) {
    await db.transaction().execute(async (trx) => {
      await lock(trx);
      const done = await trx
        .selectFrom("schema_migrations")
        .select("version")
        .where("version", "=", m.version)
        .executeTakeFirst();
      if (done) return;
      for (const statement of splitStatements(m.sql(types))) await sql.raw(statement).execute(trx);
      await trx
        .insertInto("schema_migrations")
        .values({ version: m.version, name: m.name, applied_at: new Date().toISOString() })
        .execute();
      log.info("db", `applied migration ${m.version} (${m.name})`);
    });
  }
}

/** A migration's statements (SQLite prepares one at a time). Migrations hold no `;` inside literals. */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
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
