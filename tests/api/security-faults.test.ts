import { readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finetuneEnvelopeSchema, finetuneListSchema, generationEnvelopeSchema } from "@/lib/api/types";
import {
  onPostgres,
  type RunningServer,
  removeDir,
  startDashboard,
  startSimulator,
} from "../helpers/servers";
import {
  call,
  callParsed,
  clearSim,
  datasetZip,
  FAST_SIM_ENV,
  finetuneForm,
  readyFinetune,
  simFault,
  simSettled,
  simStats,
  ULTRA,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/**
 * Faults the server engineer's tests (server-faults, server-resilience) do not cover: every fault kind
 * on a finetune submission and on training polls, and SIGKILL with an upload, a training and five
 * images in flight at once; the database is checked with PRAGMA integrity_check after each kill.
 */

type Json = Record<string, unknown>;
const ENV = { BFL_TIMEOUT_MS: "1500" };
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let dataDir: string;

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url, env: ENV });
  dataDir = dash.dataDir;
});

afterAll(async () => {
  await dash?.stop();
  await sim?.stop();
  removeDir(dataDir);
  if (sim) removeDir(sim.dataDir);
});

/** Finetunes the simulator really holds (what BFL would bill for). */
async function simFinetuneCount(): Promise<number> {
  const res = await fetch(`${sim.url}/v1/my_finetunes`, { headers: { "x-key": "simulator-key" } });
  const body = (await res.json()) as { finetunes: unknown[] };
  return body.finetunes.length;
}

/** SQLite's own check of studio.db; Postgres keeps its files consistent itself (nothing to open here). */
function integrity(): string {
  if (onPostgres) return "ok";
  const db = new Database(path.join(dataDir, "studio.db"));
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

const CLEAR_CODES = new Set([
  "bfl_busy",
  "bfl_unavailable",
  "bfl_unknown_outcome",
  "bfl_bad_response",
  "bfl_timeout",
]);

describe("every fault on a finetune submission", () => {
  it.each([
    ["503 with Retry-After", { kind: "503", retry_after: 1 }],
    ["hang past the timeout", { kind: "hang", hang_ms: 3_000 }],
    ["connection reset", { kind: "reset" }],
    ["malformed JSON", { kind: "malformed" }],
  ])("%s: a retry or a clear message, never two finetunes", { timeout: 60_000 }, async (_name, fault) => {
    await clearSim(sim);
    const before = await simFinetuneCount();
    await simFault(sim, { ...fault, count: 1, path: "/v1/finetune", method: "POST" });
    const res = await call<{ finetune?: Json; code?: string; message?: string }>(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(2)),
    });
    if (res.status === 201) {
      // Retried (or queued) by the dashboard: it must end up at BFL exactly once.
      const id = String(res.body.finetune?.id);
      await waitFor(
        "submitted",
        async () => {
          const r = await callParsed(finetuneEnvelopeSchema, dash.url, `/api/finetunes/${id}`);
          // Sent and recorded (BFL's id kept): "Pending" alone also covers a row still being sent.
          return Boolean(r.body.finetune.bfl_id) && ["Pending", "Ready"].includes(r.body.finetune.status);
        },
        20_000,
      );
    } else {
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(CLEAR_CODES.has(String(res.body.code)), res.text).toBe(true);
      expect(String(res.body.message).length).toBeGreaterThan(20);
    }
    // Let a hung request run upstream, then count what BFL really created.
    await simSettled(sim);
    expect(await simFinetuneCount()).toBeLessThanOrEqual(before + 1);
    const posts = (await simStats(sim)).method_paths["POST /v1/finetune"] ?? 0;
    // Only a fault that BFL never executed (503) may be followed by a second POST.
    expect(posts).toBeLessThanOrEqual(fault.kind === "503" ? 2 : 1);
  });
});

describe("faults while a finetune trains", () => {
  it("503/500/hang/reset/malformed on its polls and details: it still ends Ready", {
    timeout: 90_000,
  }, async () => {
    await clearSim(sim);
    const created = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(3)),
    });
    expect(created.status, created.text).toBe(201);
    const ft = created.body.finetune;
    for (const f of [
      { kind: "503", count: 2, retry_after: 1 },
      { kind: "500", count: 2 },
      { kind: "hang", count: 1, hang_ms: 2_500 },
      { kind: "reset", count: 2 },
      { kind: "malformed", count: 2 },
    ]) {
      await simFault(sim, { ...f, path: "/v1/get_result" });
      await simFault(sim, { ...f, path: "/v1/finetune_details" });
    }
    await fetch(`${sim.url}/_simulator/tasks/${String(ft.bfl_id)}/complete`, { method: "POST" });
    const ready = await waitFor(
      "Ready despite faults",
      async () => {
        const r = await callParsed(finetuneEnvelopeSchema, dash.url, `/api/finetunes/${String(ft.id)}`);
        return r.body.finetune?.status === "Ready" ? r.body.finetune : null;
      },
      60_000,
    );
    expect(ready.status).toBe("Ready");
    expect((await simStats(sim)).method_paths["POST /v1/finetune"]).toBe(1);
  });
});

/** Start an upload that streams slowly; resolves once `sentBytes` are on the wire. */
function slowUpload(url: string, body: Buffer, contentType: string, sentBytes: number): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest(url, {
      method: "POST",
      headers: { "content-type": contentType, "content-length": String(body.length) },
    });
    req.on("error", () => {});
    req.on("response", () => {});
    let sent = 0;
    const tick = () => {
      if (sent >= sentBytes) return resolve();
      const next = body.subarray(sent, sent + 64 * 1024);
      sent += next.length;
      req.write(next);
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe("SIGKILL mid-work and restart", () => {
  it("an upload, a training and 5 images in flight: every accepted task completes, nothing half-stored", {
    timeout: 180_000,
  }, async () => {
    await clearSim(sim);
    const ready = await readyFinetune(dash, sim, "for images");
    const training = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(3)),
    });
    expect(training.status, training.text).toBe(201);
    const gens = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
          method: "POST",
          json: { endpoint: ULTRA, finetune_id: ready.id, prompt: `killed ${i}` },
        }),
      ),
    );
    expect(gens.map((g) => g.status)).toEqual(Array(5).fill(202));
    // An upload half on the wire when the process dies.
    const form = finetuneForm(await datasetZip(12));
    const encoded = new Response(form);
    const bytes = Buffer.from(await encoded.arrayBuffer());
    await slowUpload(
      `${dash.url}/api/finetunes`,
      bytes,
      encoded.headers.get("content-type") ?? "",
      Math.floor(bytes.length / 2),
    );

    await dash.stop("SIGKILL");
    expect(integrity()).toBe("ok");
    dash = await startDashboard({ bflUrl: sim.url, dataDir, env: ENV });

    await fetch(`${sim.url}/_simulator/tasks/${String(training.body.finetune.bfl_id)}/complete`, {
      method: "POST",
    });
    const done = await Promise.all(
      gens.map((g) => waitGeneration(dash, String(g.body.generation.id), 40_000)),
    );
    expect(done.map((g) => g.status)).toEqual(Array(5).fill("Ready"));
    for (const g of done) expect((await fetch(`${dash.url}${String(g.image_url)}`)).status).toBe(200);
    const trained = await waitFor(
      "training Ready after restart",
      async () => {
        const r = await callParsed(
          finetuneEnvelopeSchema,
          dash.url,
          `/api/finetunes/${String(training.body.finetune.id)}`,
        );
        return r.body.finetune?.status === "Ready" ? r.body.finetune : null;
      },
      40_000,
    );
    expect(trained.status).toBe("Ready");

    const stats = await simStats(sim);
    expect(stats.method_paths[`POST /v1/${ULTRA}`]).toBe(5);
    // The ready finetune, the one in training; the killed upload was never accepted, so never sent.
    expect(stats.method_paths["POST /v1/finetune"]).toBe(2);
    const list = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
    const ours = list.body.finetunes.filter((f) => f.source === "dashboard");
    expect(ours.length).toBeGreaterThanOrEqual(2);
    // One dataset folder per accepted finetune: the killed upload left nothing behind.
    expect(readdirSync(path.join(dataDir, "datasets")).sort()).toEqual(ours.map((f) => String(f.id)).sort());
    await dash.stop("SIGKILL");
    expect(integrity()).toBe("ok");
    dash = await startDashboard({ bflUrl: sim.url, dataDir, env: ENV });
    // After a second kill everything stored is still there.
    for (const g of done) expect((await fetch(`${dash.url}${String(g.image_url)}`)).status).toBe(200);
  });
});
