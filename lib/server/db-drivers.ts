import "server-only";
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
} from "kysely";
import pg from "pg";
import { migrate } from "./db-migrate";
import type { Database, Db, Dialect } from "./db-schema";
import { getConfig } from "./env";
import { AppError, isAppError, storageError } from "./errors";
import { log } from "./log";

/**
 * Opening the database on either driver: SQLite (DATA_DIR/studio.db, the embedded default) with WAL, a
 * busy timeout, `BEGIN IMMEDIATE` transactions and cached statements; or Postgres (DATABASE_URL) with a
 * pool. Either way migrated before first use. db.ts keeps the one open database and its transactions.
 */
export interface Opened {
  db: Db;
  dialect: Dialect;
}

export async function openSqlite(): Promise<Opened> {
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

export async function openPostgres(url: string): Promise<Opened> {
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
