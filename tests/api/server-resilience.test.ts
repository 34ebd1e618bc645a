import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finetuneEnvelopeSchema, generationEnvelopeSchema, healthSchema } from "@/lib/api/types";
import { inferenceResultSchema, resultResponseSchema } from "@/lib/bfl";
import {
  onPostgres,
  type RunningServer,
  removeDir,
  startDashboard,
  startSimulator,
  stopServers,
} from "../helpers/servers";
import {
  call,
  callParsed,
  clearSim,
  expectError,
  readyFinetune,
  simFault,
  simStats,
  ULTRA,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/** Load (30 at once), a SIGKILL mid-work, an expired result link, and a region change. */

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let ft: Json;

beforeAll(async () => {
  // Images take 1.5 s. Result links keep BFL's 10 minutes here: a load test must not depend on how
  // fast a loaded machine downloads (expiry has its own test below, with its own simulator).
  sim = await startSimulator({
    env: { SIMULATOR_INFERENCE_SECONDS: "1.5", SIMULATOR_TRAINING_SECONDS: "2" },
  });
  // The simulator plays BFL's legacy us1 cluster; the dashboard is set to the same.
  dash = await startDashboard({ bflUrl: sim.url, env: { BFL_REGION: "us1" } });
  ft = await readyFinetune(dash, sim);
});

afterAll(() => stopServers(dash, sim));

const post = (prompt: string, on = dash, finetune = ft) =>
  callParsed(generationEnvelopeSchema, on.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, finetune_id: finetune.id, prompt, aspect_ratio: "1:1" },
  });

async function restart(env: Record<string, string> = {}) {
  const dataDir = dash.dataDir;
  dash = await startDashboard({ bflUrl: sim.url, dataDir, env: { BFL_REGION: "us1", ...env } });
}

describe("load", () => {
  it("30 generations at once all end Ready; no 429 is surfaced and none is sent twice", async () => {
    await fetch(`${sim.url}/_simulator/stats`, { method: "DELETE" });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => post(`TOK number ${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(202));
    const done = await Promise.all(
      answers.map((a) => waitGeneration(dash, String(a.body.generation.id), 60_000)),
    );
    expect(done.map((g) => g.status)).toEqual(Array(30).fill("Ready"));
    // BFL's limit of 24 unfinished tasks was respected: the simulator enforces it with a 429, and none
    // was sent. How many of the 30 waited in the dashboard's queue depends on how fast the requests
    // arrive on a loaded machine, so that count is not asserted.
    const stats = await simStats(sim);
    expect(stats.method_paths[`POST /v1/${ULTRA}`]).toBe(30);
    expect(stats.statuses["429"]).toBeUndefined();
  });
});

describe("restart", () => {
  it("SIGKILL with 5 generations in flight: after a restart all 5 images are stored", async () => {
    await fetch(`${sim.url}/_simulator/stats`, { method: "DELETE" });
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => post(`killed ${i}`)));
    const ids = answers.map((a) => String(a.body.generation.id));
    expect(answers.map((a) => a.body.generation.status)).toEqual(Array(5).fill("Pending"));
    await dash.stop("SIGKILL");
    await restart();
    const done = await Promise.all(ids.map((id) => waitGeneration(dash, id)));
    expect(done.map((g) => g.status)).toEqual(Array(5).fill("Ready"));
    for (const g of done) expect((await fetch(`${dash.url}${String(g.image_url)}`)).status).toBe(200);
    expect((await simStats(sim)).method_paths[`POST /v1/${ULTRA}`]).toBe(5);
  });

  it("a finetune from another region is listed as such and refused for inference", async () => {
    await dash.stop();
    await restart({ BFL_REGION: "eu1" });
    const one = await callParsed(finetuneEnvelopeSchema, dash.url, `/api/finetunes/${String(ft.id)}`);
    expect(one.body.finetune).toMatchObject({ region: "us1", region_mismatch: true });
    expectError(await post("other region"), 409, "region_mismatch", /us1/);
  });
});

describe("expired result links", () => {
  // Servers start in the hook (hookTimeout), not in the test: on a loaded machine two starts and a
  // training took most of the test's 30 s before anything was checked.
  let shortSim: RunningServer & { dataDir: string };
  let d: RunningServer & { dataDir: string };
  let f: Json;
  beforeAll(async () => {
    shortSim = await startSimulator({
      env: {
        SIMULATOR_INFERENCE_SECONDS: "0.5",
        SIMULATOR_TRAINING_SECONDS: "2",
        SIMULATOR_RESULT_TTL_SECONDS: "1",
      },
    });
    d = await startDashboard({ bflUrl: shortSim.url });
    f = await readyFinetune(d, shortSim);
  });
  afterAll(async () => {
    await d?.stop();
    await shortSim?.stop();
    if (d) removeDir(d.dataDir);
    if (shortSim) removeDir(shortSim.dataDir);
  });

  it("a result whose link expired while the dashboard was down is reported as result_expired", async () => {
    // Polls fail until the dashboard is down, so it cannot store the result first; its first poll names
    // BFL's task.
    await clearSim(shortSim);
    await simFault(shortSim, { kind: "503", count: 10_000, path: "/v1/get_result", retry_after: 1 });
    const a = await post("expires", d, f);
    const task = await waitFor("the dashboard's first poll", async () => {
      return Object.keys((await simStats(shortSim)).get_result)[0];
    });
    await d.stop("SIGKILL");
    await clearSim(shortSim);
    // Until BFL's link to the result has expired (its delivery host says so).
    await waitFor("the result link to expire", async () => {
      const r = await fetch(`${shortSim.url}/v1/get_result?id=${encodeURIComponent(task)}`, {
        headers: { "x-key": "simulator-key" },
      });
      const result = inferenceResultSchema.safeParse(resultResponseSchema.parse(await r.json()).result);
      if (!result.success) return false; // not Ready yet
      const link = await fetch(result.data.sample);
      return link.status === 403 && (await link.text()).includes("expired");
    });
    d = await startDashboard({ bflUrl: shortSim.url, dataDir: d.dataDir });
    const g = await waitGeneration(d, String(a.body.generation.id));
    expect(g).toMatchObject({
      status: "Error",
      error: { code: "result_expired", message: "BFL's result link expired before it could be saved." },
    });
    expectError(await call(d.url, `/api/generations/${String(g.id)}/image`), 404, "not_found");
  });
});

describe("storage failure", () => {
  it("a DATA_DIR that cannot be used: health and actions say storage_failed", async () => {
    const blocker = path.join(tmpdir(), `fts-blocker-${process.pid}`);
    writeFileSync(blocker, "a file where the data folder should be");
    const d = await startDashboard({
      bflUrl: sim.url,
      dataDir: path.join(blocker, "data"),
      readyPath: "/login",
    });
    try {
      if (onPostgres) {
        // The database is Postgres and answers: health says the files cannot be stored, naming DATA_DIR.
        const health = await callParsed(healthSchema, d.url, "/api/health");
        expect(health.status).toBe(200);
        expect(health.body.storage).toMatchObject({ driver: "local", ok: false });
        expect(health.body.storage?.message).toMatch(/DATA_DIR/);
      } else {
        // The database lives in DATA_DIR: health and every action answer storage_failed.
        expectError(await call(d.url, "/api/health"), 507, "storage_failed", /DATA_DIR/);
        expectError(await call(d.url, "/api/generations"), 507, "storage_failed", /DATA_DIR/);
        expectError(await call(d.url, "/api/finetunes"), 507, "storage_failed", /DATA_DIR/);
        expect(d.output()).toMatch(/could not open the database in DATA_DIR/);
      }
      expect(d.output()).toMatch(
        /Storage is not usable: The data folder \(DATA_DIR, .*\) cannot be written: ENOTDIR/,
      );
    } finally {
      await d.stop();
      rmSync(blocker, { force: true });
    }
  });
});
