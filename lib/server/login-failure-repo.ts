import "server-only";
import { stmt } from "./db";
import type { FailureStore } from "./rate-limit";

/** Failed logins in the database (migration 19), so the login limit holds across instances. */
export const loginFailures: FailureStore = {
  recent(key, since) {
    return (
      stmt("SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at").all(key, since) as {
        at: number;
      }[]
    ).map((r) => Number(r.at));
  },
  add(key, at, forgetBefore) {
    stmt("DELETE FROM login_failures WHERE at <= ?").run(forgetBefore);
    stmt("INSERT INTO login_failures (key, at) VALUES (?, ?)").run(key, at);
  },
  reset(key) {
    stmt("DELETE FROM login_failures WHERE key = ?").run(key);
  },
};
