import "server-only";
import { sql } from "kysely";
import type { Db, Dialect } from "./db-schema";
import { log } from "./log";
import { MIGRATIONS, POSTGRES_TYPES, SQLITE_TYPES } from "./migrations";

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
