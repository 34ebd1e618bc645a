import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, removeDir, startDashboard, startSimulator, tempDir } from "../helpers/servers";
import { call, FAST_SIM_ENV, readyFinetune, ULTRA, waitFor, waitGeneration } from "./server-helpers";

/**
 * What a crash leaves in DATA_DIR (a dataset folder stored before its row, images of a generation
 * whose row never came, half-written temp files) is removed when the dashboard starts again; what
 * rows point to stays.
 */

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
const dataDir = tempDir("sweep");

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url, dataDir });
});

afterAll(async () => {
  await dash?.stop();
  await sim?.stop();
  removeDir(dataDir);
  if (sim) removeDir(sim.dataDir);
});

function plant(rel: string) {
  const full = path.join(dataDir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, "left by a crash");
}

const ls = (dir: string) => readdirSync(path.join(dataDir, dir)).sort();

describe("start-up sweep", () => {
  it("removes files and folders with no row and half-written temp files, and keeps the rest", async () => {
    const ft = await readyFinetune(dash, sim, "kept");
    const created = await call<{ generation: Json }>(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: ft.id, prompt: "kept", aspect_ratio: "1:1" },
    });
    expect(created.status, created.text).toBe(202);
    const gen = await waitGeneration(dash, String(created.body.generation.id));
    expect(gen.status).toBe("Ready");
    await dash.stop();

    const keptImages = ls("images");
    const keptThumbs = ls("thumbnails");
    const keptDataset = ls(`datasets/${String(ft.id)}`);
    expect(keptImages).toEqual([`${String(gen.id)}.jpg`]);
    const orphanFt = "11111111-1111-4111-8111-111111111111";
    const orphanGen = "22222222-2222-4222-8222-222222222222";
    const planted = [
      `datasets/${orphanFt}/dataset.zip`,
      `datasets/${orphanFt}/images/0.jpg`,
      `images/${orphanGen}.png`,
      `thumbnails/${orphanGen}.webp`,
      `inputs/${orphanGen}/image_prompt.bin`,
      `images/${String(gen.id)}.download.0a1b2c3d.tmp`,
      `datasets/${String(ft.id)}/images/9.jpg.deadbeef.tmp`,
      ".write-probe.12345678.tmp",
    ];
    for (const rel of planted) plant(rel);

    dash = await startDashboard({ bflUrl: sim.url, dataDir });
    // The sweep runs in the background at start-up (readiness does not wait for it): wait for its report.
    const report = `start-up sweep removed ${planted.length - 1} orphaned files and folders`;
    await waitFor("the start-up sweep", async () => dash.output().includes(report));
    for (const rel of planted) expect(existsSync(path.join(dataDir, rel)), rel).toBe(false);
    expect(existsSync(path.join(dataDir, "datasets", orphanFt))).toBe(false);
    expect(existsSync(path.join(dataDir, "inputs", orphanGen))).toBe(false);
    expect(ls("images")).toEqual(keptImages);
    expect(ls("thumbnails")).toEqual(keptThumbs);
    expect(ls(`datasets/${String(ft.id)}`)).toEqual(keptDataset);

    const img = await fetch(`${dash.url}${String(gen.image_url)}`);
    expect(img.status).toBe(200);
    const ftAgain = await call<{ finetune: Json }>(dash.url, `/api/finetunes/${String(ft.id)}`);
    expect(ftAgain.body.finetune.status).toBe("Ready");
  });
});
