import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  onPostgres,
  type RunningServer,
  removeDir,
  type Server,
  startDashboard,
  startTogether,
  tempDir,
} from "../helpers/servers";
import { login, PASSWORD } from "./security-helpers";

/**
 * The session secret kept in DATA_DIR, the image optimizer switched off, and a damaged database
 * reported as such by /api/health and by every page.
 */

const running: (RunningServer & { dataDir: string })[] = [];
afterAll(async () => {
  for (const s of running) {
    await s.stop();
    removeDir(s.dataDir);
  }
});

// Without DATABASE_URL only: with it, SESSION_SECRET is required (security-startup.test.ts).
describe.skipIf(onPostgres)("session secret without SESSION_SECRET", () => {
  const env = { DASHBOARD_PASSWORD: PASSWORD, SESSION_SECRET: "" };
  let dataDir: string;
  let first: Server;
  let other: Server;
  // Two installs with the same password, each making its own secret: the restart is what is tested.
  beforeAll(async () => {
    dataDir = tempDir("secret");
    [first, other] = await startTogether([
      startDashboard({ bflUrl: "http://127.0.0.1:9", dataDir, env }),
      startDashboard({ bflUrl: "http://127.0.0.1:9", env }),
    ]);
    running.push(first, other);
  });

  it("is random, kept in DATA_DIR/session-secret (mode 600), and sessions survive a restart", async () => {
    const { cookie } = await login(first.url, PASSWORD);
    expect(cookie).toMatch(/^fts_session=/);
    const file = path.join(dataDir, "session-secret");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await first.stop();

    const second = await startDashboard({ bflUrl: "http://127.0.0.1:9", dataDir, env });
    running.push(second);
    expect((await fetch(`${second.url}/api/finetunes`, { headers: { cookie } })).status).toBe(200);
    // A different secret (another install with the same password) does not accept the cookie.
    expect((await fetch(`${other.url}/api/finetunes`, { headers: { cookie } })).status).toBe(401);
  });
});

describe("image optimizer", () => {
  it("/_next/image answers 404 (it would serve cached copies of deleted images)", async () => {
    const dash = await startDashboard({ bflUrl: "http://127.0.0.1:9" });
    running.push(dash);
    const res = await fetch(
      `${dash.url}/_next/image?url=${encodeURIComponent("/api/generations/x/image")}&w=64&q=75`,
    );
    expect(res.status).toBe(404);
  });
});

describe("a database that cannot be reached", () => {
  it("DATABASE_URL naming no running Postgres: /api/health answers 507 storage_failed saying what to check", async () => {
    const dash = await startDashboard({
      bflUrl: "http://127.0.0.1:9",
      readyPath: "/login",
      env: { DATABASE_URL: "postgres://studio:hunter2@127.0.0.1:9/studio", SESSION_SECRET: "shared" },
    });
    running.push(dash);
    const health = await fetch(`${dash.url}/api/health`);
    expect(health.status).toBe(507);
    const body = (await health.json()) as { code: string; message: string };
    expect(body.code).toBe("storage_failed");
    expect(body.message).toContain("Could not open the database at DATABASE_URL");
    expect(body.message).toContain("Check that Postgres is running");
    expect(body.message).not.toContain("hunter2");
  });
});

// studio.db is SQLite's file; a Postgres run has none to damage.
describe.skipIf(onPostgres)("a damaged database", () => {
  it("is reported by /api/health (507 storage_failed) and by every page, with what to do", async () => {
    const dataDir = tempDir("corrupt");
    writeFileSync(path.join(dataDir, "studio.db"), Buffer.alloc(8192, 0x5a));
    const dash = await startDashboard({ bflUrl: "http://127.0.0.1:9", dataDir, readyPath: "/login" });
    running.push(dash);
    const health = await fetch(`${dash.url}/api/health`);
    expect(health.status).toBe(507);
    const body = (await health.json()) as { code: string; message: string };
    expect(body.code).toBe("storage_failed");
    expect(body.message).toContain("database file (studio.db in DATA_DIR) is damaged");
    expect(body.message).toContain("move studio.db aside");
    expect(body.message).not.toContain("could not be used");
    for (const page of ["/", "/finetunes", "/gallery", "/playground", "/new"]) {
      const html = await (await fetch(`${dash.url}${page}`)).text();
      expect(html, page).toContain('data-testid="storage-alert"');
      expect(html, page).toContain("is damaged");
    }
  });
});
