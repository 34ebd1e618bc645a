import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { getConfig } from "./env";
import { type AppError, isAppError, storageError } from "./errors";
import { log } from "./log";
import { MIGRATIONS } from "./migrations";

export type Db = Database.Database;

/**
 * One SQLite connection per process (WAL, foreign keys on), kept on `globalThis` because Next bundles
 * route handlers separately and a module-level variable could exist once per bundle.
 */
const KEY = Symbol.for("finetune-studio.db");
type Holder = { [KEY]?: Db };

export function getDb(): Db {
  const holder = globalThis as Holder;
  const existing = holder[KEY];
  if (existing) return existing;
  const dir = getConfig().dataDir;
  let db: Db;
  try {
    mkdirSync(dir, { recursive: true });
    db = new Database(path.join(dir, "studio.db"), { timeout: 5_000 });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    migrate(db);
  } catch (err) {
    log.error("db", "could not open the database in DATA_DIR", err);
    throw storageError(err, "open the database");
  }
  holder[KEY] = db;
  return db;
}

/** Why the database cannot be used (damaged, unwritable folder, …), or null when it opens. */
export function databaseProblem(): AppError | null {
  try {
    getDb();
    return null;
  } catch (err) {
    return isAppError(err) ? err : storageError(err, "open the database");
  }
}

export function migrate(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db
      .prepare("SELECT version FROM schema_migrations")
      .all()
      .map((r) => (r as { version: number }).version),
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
    log.info("db", `applied migration ${m.version} (${m.name})`);
  }
}

/**
 * A prepared statement, cached per connection: preparing costs more than running a point lookup, and
 * these run on every poll. The SQL must come from code, never from request data, so the cache stays
 * small (one entry per distinct text; dynamic column lists and `IN (?,?)` lists have few variants).
 */
const statements = new WeakMap<Db, Map<string, Database.Statement>>();

export function stmt(sql: string, db: Db = getDb()): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * Run `fn` in a transaction; SQLite errors about space or permissions become `storage_failed`. It takes
 * the write lock at BEGIN (IMMEDIATE): with several processes on one file, a transaction that read first
 * could not upgrade once another had written (SQLITE_BUSY at once, no busy wait).
 */
export function tx<T>(fn: (db: Db) => T): T {
  const db = getDb();
  try {
    return db.transaction(() => fn(db)).immediate();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/.test(code)) {
      throw storageError(err, "save to the database");
    }
    throw err;
  }
}
