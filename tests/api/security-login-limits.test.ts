import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startDashboard, stopServers } from "../helpers/servers";
import { loginFrom, PASSWORD } from "./security-helpers";

/**
 * Login limits keyed by the socket's address (Linux answers on every 127.x address, so each test
 * client speaks from its own). X-Forwarded-For counts only when TRUST_PROXY names the sender.
 */

let direct: RunningServer & { dataDir: string };
let proxied: RunningServer & { dataDir: string };

beforeAll(async () => {
  [direct, proxied] = await Promise.all([
    startDashboard({ bflUrl: "http://127.0.0.1:9", env: { DASHBOARD_PASSWORD: PASSWORD } }),
    startDashboard({
      bflUrl: "http://127.0.0.1:9",
      env: { DASHBOARD_PASSWORD: PASSWORD, TRUST_PROXY: "127.0.0.1" },
    }),
  ]);
});

afterAll(() => stopServers(direct, proxied));

describe("without TRUST_PROXY", () => {
  it("rotating X-Forwarded-For buys no extra guesses: the 5th wrong one locks the socket's address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await loginFrom(direct.url, `wrong-${i}`, "127.0.1.1", {
        "x-forwarded-for": `10.0.0.${i}`,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    // Even the right password waits at that address; another address logs in.
    expect(
      (await loginFrom(direct.url, PASSWORD, "127.0.1.1", { "x-forwarded-for": "10.9.9.9" })).status,
    ).toBe(429);
    expect((await loginFrom(direct.url, PASSWORD, "127.0.1.2")).status).toBe(204);
  });

  it("the global budget slows many addresses but never refuses the owner's correct password", async () => {
    // 50 wrong guesses a minute spend the global budget (10 addresses x 5, plus the 5 above).
    for (let a = 10; a < 20; a++) {
      for (let i = 0; i < 5; i++) await loginFrom(direct.url, `guess-${a}-${i}`, `127.0.2.${a}`);
    }
    // A fresh address gets one guess, then waits for it to age out.
    expect((await loginFrom(direct.url, "guess", "127.0.3.1")).status).toBe(429);
    const again = await loginFrom(direct.url, "guess", "127.0.3.1");
    expect(again.status).toBe(429);
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(50);
    // The owner, from an address that has not failed, logs straight in.
    const owner = await loginFrom(direct.url, PASSWORD, "127.0.3.2");
    expect(owner.status).toBe(204);
    expect(String(owner.headers["set-cookie"])).toMatch(/^fts_session=/);
  });
});

describe("with TRUST_PROXY naming the proxy", () => {
  it("the client is the last X-Forwarded-For entry the proxy added; a forged first entry is ignored", async () => {
    const from = (client: string) => ({ "x-forwarded-for": `6.6.6.${client}, 203.0.113.7` });
    for (let i = 0; i < 4; i++) {
      expect((await loginFrom(proxied.url, "wrong", "127.0.0.1", from(String(i)))).status).toBe(401);
    }
    expect((await loginFrom(proxied.url, "wrong", "127.0.0.1", from("9"))).status).toBe(429);
    // A different client behind the same proxy is not affected.
    const other = await loginFrom(proxied.url, PASSWORD, "127.0.0.1", { "x-forwarded-for": "203.0.113.8" });
    expect(other.status).toBe(204);
    // A sender that is not the proxy cannot pick its address by header.
    for (let i = 0; i < 4; i++)
      await loginFrom(proxied.url, "wrong", "127.0.4.1", { "x-forwarded-for": `10.1.0.${i}` });
    expect(
      (await loginFrom(proxied.url, "wrong", "127.0.4.1", { "x-forwarded-for": "10.1.0.9" })).status,
    ).toBe(429);
  });
});
