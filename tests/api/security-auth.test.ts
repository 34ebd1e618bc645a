import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startDashboard, stopServers } from "../helpers/servers";
import { forgeToken, login, PASSWORD, postZeros } from "./security-helpers";

/**
 * Access control over real HTTP against `next start` with DASHBOARD_PASSWORD set: the proxy, the
 * login/logout routes, the session cookie, the login rate limit and the Origin check.
 */

const SECRET = "test-session-secret-0123456789";
let dash: RunningServer & { dataDir: string };
let base: string;
let cookie: string;

beforeAll(async () => {
  // No upstream is needed for these checks; the BFL URL points at a closed port.
  dash = await startDashboard({
    bflUrl: "http://127.0.0.1:9",
    // The tests below pick their client address with X-Forwarded-For, as a proxy on loopback would.
    env: { DASHBOARD_PASSWORD: PASSWORD, SESSION_SECRET: SECRET, TRUST_PROXY: "127.0.0.1" },
  });
  base = dash.url;
  const { res, cookie: c } = await login(base, PASSWORD, { "x-forwarded-for": "10.9.9.9" });
  expect(res.status).toBe(204);
  cookie = c;
});

afterAll(() => stopServers(dash));

const PAGES = ["/", "/new", "/finetunes", "/playground", "/gallery", "/finetunes/abc"];
const API = [
  ["GET", "/api/finetunes"],
  ["GET", "/api/finetunes/abc"],
  ["DELETE", "/api/finetunes/abc"],
  ["GET", "/api/finetunes/abc/images"],
  ["GET", "/api/generations"],
  ["POST", "/api/generations"],
  ["GET", "/api/generations/abc/image"],
  ["GET", "/api/does-not-exist"],
] as const;

describe("without a session", () => {
  it("the health check stays open", async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("every page redirects to /login and remembers where the person was going", async () => {
    for (const path of PAGES) {
      const res = await fetch(`${base}${path}`, { redirect: "manual" });
      expect(res.status, path).toBe(303);
      const location = res.headers.get("location") ?? "";
      expect(location, path).toMatch(/\/login/);
      if (path !== "/") expect(decodeURIComponent(location)).toContain(`next=${path}`);
    }
  });

  it("every API route answers 401 {code, message}", async () => {
    for (const [method, path] of API) {
      const res = await fetch(`${base}${path}`, { method, redirect: "manual" });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json()).toEqual({
        code: "unauthorized",
        message: "Log in first: this dashboard is protected by a password.",
      });
    }
  });

  it("BFL's webhook route needs no session, only its task's secret", async () => {
    const res = await fetch(`${base}/api/webhooks/bfl/00000000-0000-4000-8000-000000000000`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-webhook-secret": "guess" },
      body: JSON.stringify({ task_id: "t", status: "SUCCESS" }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/not signed with the secret/);
  });

  it("the login page itself is served with an accessible form", async () => {
    const res = await fetch(`${base}/login?next=/gallery`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label for="password"');
    expect(html).toContain('data-testid="login-form"');
    expect(html).not.toContain('data-testid="logout"');
  });

  it("forged, tampered and expired cookies are refused", async () => {
    const cases = {
      garbage: "fts_session=hello",
      "no secret": `fts_session=${forgeToken(PASSWORD)}`,
      "wrong password": `fts_session=${forgeToken("guess", { secret: SECRET })}`,
      expired: `fts_session=${forgeToken(PASSWORD, { secret: SECRET, expiresInS: -5 })}`,
      "too far in the future": `fts_session=${forgeToken(PASSWORD, { secret: SECRET, expiresInS: 400 * 86400 })}`,
      "tampered expiry": `fts_session=${cookie.replace(/=(\d)/, (_m, d: string) => `=${(Number(d) + 1) % 10}`)}`,
    };
    for (const [name, value] of Object.entries(cases)) {
      const res = await fetch(`${base}/api/finetunes`, { headers: { cookie: value } });
      expect(res.status, name).toBe(401);
    }
    // The same construction with the right secret is accepted: the cases above fail for their reason.
    const ok = await fetch(`${base}/api/health`, {
      headers: { cookie: `fts_session=${forgeToken(PASSWORD, { secret: SECRET })}` },
    });
    expect(ok.status).toBe(200);
    const page = await fetch(`${base}/gallery`, {
      headers: { cookie: `fts_session=${forgeToken(PASSWORD, { secret: SECRET })}` },
      redirect: "manual",
    });
    expect(page.status).toBe(200);
  });

  it("Next's internal subrequest header does not bypass the proxy (CVE-2025-29927)", async () => {
    const res = await fetch(`${base}/api/finetunes`, {
      headers: {
        "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy:middleware:middleware:middleware",
      },
    });
    expect(res.status).toBe(401);
  });
});

describe("login, session and logout", () => {
  it("the session cookie is HttpOnly, SameSite=Lax, expires, and is Secure only behind https", async () => {
    const plain = await login(base, PASSWORD, { "x-forwarded-for": "10.1.1.1" });
    expect(plain.setCookie).toMatch(/^fts_session=[\w.-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const tls = await login(base, PASSWORD, { "x-forwarded-for": "10.1.1.2", "x-forwarded-proto": "https" });
    expect(tls.setCookie).toMatch(/; Secure$/);
  });

  it("with the session every page renders and shows a logout control", async () => {
    for (const path of ["/", "/new", "/finetunes", "/playground", "/gallery"]) {
      const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
      expect(res.status, path).toBe(200);
      if (path === "/") expect(await res.text()).toContain('data-testid="logout"');
    }
    const api = await fetch(`${base}/api/finetunes`, { headers: { cookie } });
    expect(api.status).not.toBe(401);
  });

  it("/login with a session goes straight to `next`, and refuses off-site `next` values", async () => {
    const res = await fetch(`${base}/login?next=/gallery`, { headers: { cookie }, redirect: "manual" });
    expect(res.headers.get("location")).toMatch(/\/gallery$/);
    for (const evil of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
      const r = await fetch(`${base}/login?next=${encodeURIComponent(evil)}`, {
        headers: { cookie },
        redirect: "manual",
      });
      expect(r.headers.get("location") ?? "").not.toContain("evil");
    }
  });

  it("logout clears the cookie and sends the browser to /login", async () => {
    const res = await fetch(`${base}/api/auth/logout`, {
      method: "POST",
      headers: { cookie },
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    expect(res.headers.get("set-cookie")).toMatch(
      /^fts_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/,
    );
  });

  it("a wrong or missing password gets a clear message", async () => {
    const wrong = await login(base, "nope", { "x-forwarded-for": "10.2.2.2" });
    expect(wrong.res.status).toBe(401);
    expect(await wrong.res.json()).toEqual({ code: "unauthorized", message: "Wrong password." });
    const empty = await login(base, "", { "x-forwarded-for": "10.2.2.3" });
    expect(empty.res.status).toBe(422);
    expect((await empty.res.json()).message).toContain("password");
  });
});

describe("login rate limit", () => {
  it("locks an address out after 5 failures with 'try again in N s' and Retry-After", async () => {
    const addr = { "x-forwarded-for": "10.3.3.3" };
    for (let i = 0; i < 4; i++) expect((await login(base, `wrong-${i}`, addr)).res.status).toBe(401);
    const fifth = await login(base, "wrong-5", addr);
    expect(fifth.res.status).toBe(429);
    const retryAfter = Number(fifth.res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await fifth.res.json();
    expect(body.code).toBe("rate_limited");
    expect(body.message).toMatch(/^Too many attempts, try again in \d+ s\.$/);
    // Even the right password waits: the lock is on attempts, not on wrong guesses.
    const right = await login(base, PASSWORD, addr);
    expect(right.res.status).toBe(429);
    // Another address is not affected.
    expect((await login(base, PASSWORD, { "x-forwarded-for": "10.3.3.4" })).res.status).toBe(204);
  });
});

describe("Origin check on state-changing requests", () => {
  const json = { "content-type": "application/json" };

  it("refuses another site's Origin, 'null' and cross-site fetch metadata with 403 forbidden_origin", async () => {
    const cases: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: `http://127.0.0.1:${dash.port + 1}` },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const headers of cases) {
      for (const [method, path] of [
        ["POST", "/api/auth/login"],
        ["POST", "/api/generations"],
        ["DELETE", "/api/finetunes/abc"],
        ["POST", "/api/auth/logout"],
      ] as const) {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { ...json, cookie, ...headers },
          body: method === "DELETE" ? undefined : JSON.stringify({ password: PASSWORD }),
          redirect: "manual",
        });
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(await res.json()).toMatchObject({ code: "forbidden_origin" });
      }
    }
  });

  it("accepts the dashboard's own Origin and non-browser clients without one; GETs are not checked", async () => {
    const own = await login(base, PASSWORD, {
      origin: base,
      "sec-fetch-site": "same-origin",
      "x-forwarded-for": "10.4.4.4",
    });
    expect(own.res.status).toBe(204);
    const cli = await login(base, PASSWORD, { "x-forwarded-for": "10.4.4.5" });
    expect(cli.res.status).toBe(204);
    const get = await fetch(`${base}/api/health`, { headers: { origin: "http://evil.example" } });
    expect(get.status).toBe(200);
  });
});

describe("request size", () => {
  it("a body larger than 200 MB is refused with 413 by the proxy, never truncated and passed on", async () => {
    const res = await postZeros(`${base}/api/finetunes`, 210 * 1024 * 1024, {
      cookie,
      "content-type": "multipart/form-data; boundary=x",
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      code: "payload_too_large",
      message: "The request is larger than 200 MB, the most this dashboard accepts.",
    });
  });
});
