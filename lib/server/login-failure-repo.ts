import "server-only";
import { getDb, tx } from "./db";
import type { FailureStore } from "./failure-store";

/** Failed logins in the database (migration 19), so the login limit holds across instances. */
export const loginFailures: FailureStore = {
  async recent(key, since) {
    const db = await getDb();
    const rows = await db
      .selectFrom("login_failures")
      .select("at")
      .where("key", "=", key)
      .where("at", ">", since)
      .orderBy("at")
      .execute();
    return rows.map((r) => Number(r.at));
  },
  async add(key, at, forgetBefore) {
    await tx(async (trx) => {
      await trx.deleteFrom("login_failures").where("at", "<=", forgetBefore).execute();
      await trx.insertInto("login_failures").values({ key, at }).execute();
    });
  },
  async reset(key) {
    const db = await getDb();
    await db.deleteFrom("login_failures").where("key", "=", key).execute();
  },
};
