import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "../helpers/servers";
import { startTeam, type Team } from "../helpers/team";
import { loginFrom, PASSWORD } from "./security-helpers";

/**
 * Two instances on one database behind one address (on Postgres each in its own DATA_DIR,
 * tests/helpers/team.ts): the login limit is counted in the database, so guesses spread over the
 * instances buy nothing, and a session from one is valid on the other.
 */

let team: Team;
let a: Server;
let b: Server;

beforeAll(async () => {
  team = await startTeam({ count: 2, bflUrl: "http://127.0.0.1:9", env: { DASHBOARD_PASSWORD: PASSWORD } });
  [a, b] = team.instances as [Server, Server];
});

afterAll(() => team?.stop());

describe("login across instances", () => {
  it("the 5th wrong guess, alternating between A and B, locks the address on both", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await loginFrom(i % 2 ? b.url : a.url, `wrong-${i}`, "127.0.4.1")).status);
    }
    // Counted per instance, each would have seen 3 failures and answered 401 every time.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect((await loginFrom(a.url, PASSWORD, "127.0.4.1")).status).toBe(429);
    expect((await loginFrom(b.url, PASSWORD, "127.0.4.1")).status).toBe(429);
  });

  // On SQLite the instances share the SESSION_SECRET generated in their one DATA_DIR; on Postgres it is set.
  it("a session made on A is accepted by B (one SESSION_SECRET)", async () => {
    const res = await loginFrom(a.url, PASSWORD, "127.0.4.2");
    expect(res.status).toBe(204);
    const cookie = String(res.headers["set-cookie"]).split(";")[0] ?? "";
    expect(cookie).toMatch(/^fts_session=/);
    expect((await fetch(`${b.url}/api/generations`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${b.url}/api/generations`)).status).toBe(401);
  });
});
