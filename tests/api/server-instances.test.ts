import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, removeDir, startDashboard, startSimulator, tempDir } from "../helpers/servers";
import {
  call,
  clearSim,
  datasetZip,
  FINETUNE_PARAMS,
  finetuneForm,
  readyFinetune,
  simStats,
  ULTRA,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/**
 * Several dashboard instances (separate `next start` processes) on one DATA_DIR and database, one real
 * simulator. Each task is polled by one instance at a time (leases in the database), a killed
 * instance's tasks are taken over, and BFL's 24-task limit holds across instances.
 */

type Json = Record<string, unknown>;
const INFERENCE_S = 5;
const TRAINING_S = 8;
/** The dashboard's poll intervals (lib/server/generation-runner.ts, finetune-runner.ts). */
const IMAGE_POLL_MS = 500;
const FINETUNE_POLL_MS = 5_000;
/**
 * get_result calls one instance alone makes for a task: one per interval while it runs, plus the one
 * that sees it finish. Polling can only be slower on a loaded machine, never faster. Two instances
 * polling one task would make about twice as many.
 */
const single = (taskS: number, pollMs: number) => Math.ceil((taskS * 1000) / pollMs) + 1;

let sim: RunningServer & { dataDir: string };
let a: RunningServer;
let b: RunningServer;
let c: RunningServer;
let dataDir: string;
let ft: Json;

beforeAll(async () => {
  sim = await startSimulator({
    env: { SIMULATOR_INFERENCE_SECONDS: String(INFERENCE_S), SIMULATOR_TRAINING_SECONDS: String(TRAINING_S) },
  });
  dataDir = tempDir("instances");
  // One after another: the first applies the migrations, the others find them applied.
  a = await startDashboard({ bflUrl: sim.url, dataDir });
  b = await startDashboard({ bflUrl: sim.url, dataDir });
  c = await startDashboard({ bflUrl: sim.url, dataDir });
  ft = await readyFinetune(a, sim);
}, 180_000);

afterAll(async () => {
  for (const d of [a, b, c]) await d?.stop();
  await sim?.stop();
  if (dataDir) removeDir(dataDir);
  if (sim) removeDir(sim.dataDir);
});

const generate = (dash: RunningServer, i: number) =>
  call<{ generation: Json }>(dash.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, prompt: `TOK, take ${i}`, finetune_id: ft.id, finetune_strength: 1, seed: i },
  });

async function expectImage(dash: RunningServer, g: Json): Promise<void> {
  const img = await fetch(`${dash.url}${String(g.image_url)}`);
  expect(img.status).toBe(200);
  const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
  expect([meta.width, meta.height]).toEqual([g.width, g.height]);
}

describe("several instances on one database", () => {
  it("B finishes what A started after A is killed, polling each task once at a time", async () => {
    await clearSim(sim);
    const training = await call<{ finetune: Json }>(a.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(3), { ...FINETUNE_PARAMS, finetune_comment: "trained on A" }),
    });
    expect(training.status, training.text).toBe(201);
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => generate(a, i)));
    for (const m of made) expect(m.status, m.text).toBe(202);

    await a.stop("SIGKILL");

    for (const m of made) {
      const g = await waitGeneration(b, String(m.body.generation.id), 60_000);
      expect(g.status, JSON.stringify(g.error)).toBe("Ready");
      await expectImage(b, g);
    }
    const trained = await waitFor(
      "the finetune started on A Ready on B",
      async () => {
        const r = await call<{ finetune: Json }>(
          b.url,
          `/api/finetunes/${String(training.body.finetune.id)}`,
        );
        return r.body.finetune?.status === "Ready" ? r.body.finetune : null;
      },
      60_000,
    );
    expect(trained.progress).toBe(1);

    const stats = await simStats(sim);
    expect(stats.method_paths[`POST /v1/${ULTRA}`]).toBe(12);
    expect(stats.method_paths["POST /v1/finetune"]).toBe(1);
    const polls = stats.get_result;
    const finetunePolls = polls[String(training.body.finetune.bfl_id)] ?? 0;
    expect(finetunePolls).toBeGreaterThan(0);
    expect(finetunePolls).toBeLessThanOrEqual(single(TRAINING_S, FINETUNE_POLL_MS) + 1);
    const imagePolls = Object.entries(polls).filter(([id]) => id !== training.body.finetune.bfl_id);
    expect(imagePolls).toHaveLength(12);
    for (const [id, n] of imagePolls) {
      expect(n, `get_result calls for ${id}`).toBeLessThanOrEqual(single(INFERENCE_S, IMAGE_POLL_MS) + 1);
    }
  }, 180_000);

  it("30 generations through two instances never have more than 24 tasks active at BFL", async () => {
    await clearSim(sim);
    const made = await Promise.all(Array.from({ length: 30 }, (_, i) => generate(i % 2 ? b : c, 100 + i)));
    for (const m of made) expect(m.status, m.text).toBe(202);
    for (const [i, m] of made.entries()) {
      const g = await waitGeneration(i % 2 ? c : b, String(m.body.generation.id), 90_000);
      expect(g.status, JSON.stringify(g.error)).toBe("Ready");
      await expectImage(i % 2 ? c : b, g);
    }
    const stats = await simStats(sim);
    // How many waited in a queue depends on how fast 30 requests arrive on a loaded machine (a task may
    // finish before the last request), so only the limit is asserted: the simulator would have answered
    // 429 to a 25th task.
    expect(stats.peak_active).toBeLessThanOrEqual(24);
    expect(stats.statuses["429"]).toBeUndefined();
    // Each queued task was sent once, whichever instance claimed it.
    expect(stats.method_paths[`POST /v1/${ULTRA}`]).toBe(30);
    for (const [id, n] of Object.entries(stats.get_result)) {
      expect(n, `get_result calls for ${id}`).toBeLessThanOrEqual(single(INFERENCE_S, IMAGE_POLL_MS) + 1);
    }
  }, 240_000);
});
