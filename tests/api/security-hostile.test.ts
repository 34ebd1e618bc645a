import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_CASES, toFetchInit } from "../fixtures/hostile/corpus";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import { FAST_SIM_ENV, simStats } from "./server-helpers";

/**
 * The hostile-input corpus sent straight to `POST /api/finetunes`: each case gets a 4xx with its own
 * clear message, the server keeps serving, nothing is submitted to BFL and nothing is left on disk.
 */

let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url });
});

afterAll(() => stopServers(dash, sim));

/** Files in DATA_DIR except the SQLite database itself. */
function dataFiles(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : [path.relative(dir, path.join(d, e.name))],
    );
  return walk(dir)
    .filter((f) => !/\.(db|sqlite)(-wal|-shm|-journal)?$/.test(f))
    .sort();
}

describe("hostile dataset uploads, straight to the API", () => {
  it("has at least 30 cases", () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HOSTILE_CASES.map((c) => c.id)).size).toBe(HOSTILE_CASES.length);
  });

  for (const c of HOSTILE_CASES) {
    it(`${c.id}: ${c.what}`, { timeout: 60_000 }, async () => {
      const before = dataFiles(dash.dataDir);
      const { body, headers } = toFetchInit(await c.build());
      const res = await fetch(`${dash.url}/api/finetunes`, { method: "POST", body, headers });
      const text = await res.text();
      expect(res.status, text).toBe(c.expect.status);
      const json = JSON.parse(text) as { code: string; message: string };
      expect(Object.keys(json).sort()).toEqual(["code", "message"]);
      expect(json.code).toBe(c.expect.code);
      expect(json.message).toMatch(c.expect.message);
      // Nothing partial left behind, and the server still answers.
      expect(dataFiles(dash.dataDir)).toEqual(before);
      expect((await fetch(`${dash.url}/api/health`)).status).toBe(200);
    });
  }

  it("submitted nothing to BFL, stored no finetune, and the server never crashed", async () => {
    expect((await simStats(sim)).method_paths["POST /v1/finetune"] ?? 0).toBe(0);
    const list = (await (await fetch(`${dash.url}/api/finetunes`)).json()) as { finetunes: unknown[] };
    expect(list.finetunes).toEqual([]);
    expect(dataFiles(dash.dataDir).filter((f) => f.startsWith("datasets"))).toEqual([]);
    expect(dash.proc.exitCode).toBeNull();
    expect(dash.output()).not.toMatch(/uncaught|unhandled/i);
  });
});
