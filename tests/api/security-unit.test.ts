import { beforeAll, describe, expect, it } from "vitest";

/**
 * The access-control building blocks in isolation: token signing, password comparison, the login
 * limiter, the Origin rule, `next` sanitising and `requireSession` (the route-level check that stands
 * even if the proxy's matcher missed a route).
 */

process.env.DASHBOARD_PASSWORD = "unit password";
process.env.SESSION_SECRET = "unit secret";
process.env.BFL_API_URL = "http://127.0.0.1:9";

type Auth = typeof import("@/lib/server/auth");
type Session = typeof import("@/lib/server/session");
type Limit = typeof import("@/lib/server/rate-limit");
let auth: Auth;
let session: Session;
let limit: Limit;

beforeAll(async () => {
  auth = await import("@/lib/server/auth");
  session = await import("@/lib/server/session");
  limit = await import("@/lib/server/rate-limit");
});

const req = (headers: Record<string, string> = {}, method = "GET", url = "http://127.0.0.1:3000/api/x") =>
  new Request(url, { method, headers });

describe("session tokens", () => {
  it("verify only with the same key, before expiry, untampered", () => {
    const key = session.sessionKey("pw", "secret");
    const now = Date.now();
    const token = session.createSessionToken(key, now);
    expect(session.verifySessionToken(key, token, now)).toBe(true);
    expect(session.verifySessionToken(session.sessionKey("pw", "other"), token, now)).toBe(false);
    expect(session.verifySessionToken(session.sessionKey("pw2", "secret"), token, now)).toBe(false);
    expect(session.verifySessionToken(key, token, now + (session.SESSION_TTL_SECONDS + 1) * 1000)).toBe(
      false,
    );
    const [exp, nonce, sig] = token.split(".");
    expect(session.verifySessionToken(key, `${Number(exp) + 100}.${nonce}.${sig}`, now)).toBe(false);
    expect(session.verifySessionToken(key, `${exp}.${nonce}.${sig?.slice(0, -2)}AA`, now)).toBe(false);
    expect(session.verifySessionToken(key, undefined, now)).toBe(false);
    expect(session.verifySessionToken(key, "x".repeat(500), now)).toBe(false);
  });

  it("compares passwords by digest", () => {
    expect(session.passwordMatches("a", "a")).toBe(true);
    expect(session.passwordMatches("a", "b")).toBe(false);
    expect(session.passwordMatches("", "a")).toBe(false);
    expect(session.passwordMatches("a".repeat(10_000), "a")).toBe(false);
  });
});

describe("requireSession", () => {
  it("throws unauthorized without a valid cookie and passes with one", async () => {
    await expect(auth.requireSession(req())).rejects.toMatchObject({ code: "unauthorized", status: 401 });
    await expect(auth.requireSession(req({ cookie: "fts_session=forged.value.here" }))).rejects.toMatchObject(
      {
        code: "unauthorized",
      },
    );
    const key = auth.currentSessionKey();
    expect(key).toBeDefined();
    const token = session.createSessionToken(key as Buffer);
    await expect(
      auth.requireSession(req({ cookie: `a=b; fts_session=${token}; c=d` })),
    ).resolves.toBeUndefined();
  });
});

describe("login limiter", () => {
  it("locks an address after 5 failures until the window passes; others are unaffected", async () => {
    const l = new limit.AttemptLimiter({ max: 5, windowMs: 60_000 });
    const t = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(await l.retryAfterMs("a", t + i)).toBe(0);
      await l.recordFailure("a", t + i);
    }
    expect(await l.retryAfterMs("a", t + 10)).toBe(60_000 - 10);
    expect(await l.retryAfterMs("b", t + 10)).toBe(0);
    expect(await l.retryAfterMs("a", t + 60_001)).toBe(0);
    await l.reset("a");
    expect(await l.retryAfterMs("a", t + 20)).toBe(0);
  });

  it("stays bounded in memory under many addresses", async () => {
    const l = new limit.AttemptLimiter({ max: 5, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) await l.recordFailure(`addr-${i}`, 1_000);
    expect(await l.retryAfterMs("addr-9999", 1_001)).toBe(0); // one failure only
  });
});

describe("Origin rule", () => {
  const host = { host: "127.0.0.1:3000" };
  it("lets reads and non-browser clients through, and same-origin browsers", () => {
    expect(auth.originAllowed(req({ origin: "http://evil.example" }, "GET"))).toBe(true);
    expect(auth.originAllowed(req(host, "POST"))).toBe(true);
    expect(
      auth.originAllowed(
        req({ ...host, origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }, "POST"),
      ),
    ).toBe(true);
    expect(
      auth.originAllowed(req({ ...host, origin: "null", "sec-fetch-site": "same-origin" }, "POST")),
    ).toBe(true);
  });
  it("refuses other origins, null without fetch metadata, and cross-site metadata", () => {
    expect(auth.originAllowed(req({ ...host, origin: "http://evil.example" }, "POST"))).toBe(false);
    expect(auth.originAllowed(req({ ...host, origin: "http://127.0.0.1:3001" }, "DELETE"))).toBe(false);
    expect(auth.originAllowed(req({ ...host, origin: "null" }, "PUT"))).toBe(false);
    expect(auth.originAllowed(req({ ...host, "sec-fetch-site": "cross-site" }, "PATCH"))).toBe(false);
    expect(
      auth.originAllowed(
        req({ ...host, origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-site" }, "POST"),
      ),
    ).toBe(false);
  });
});

describe("next after login", () => {
  it("keeps same-site paths and drops everything else", () => {
    expect(auth.safeNextPath("/gallery?x=1")).toBe("/gallery?x=1");
    for (const bad of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "evil",
      undefined,
      ["/a"],
      "/login?next=/x",
    ]) {
      expect(auth.safeNextPath(bad)).toBe("/");
    }
  });
});
