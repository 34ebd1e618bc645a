import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  finetuneEnvelopeSchema,
  finetuneListSchema,
  generationEnvelopeSchema,
  generationListSchema,
} from "@/lib/api/types";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import {
  call,
  callParsed,
  clearSim,
  datasetZip,
  expectError,
  FAST_SIM_ENV,
  finetuneForm,
  queueBarrier,
  readyFinetune,
  simFault,
  simSettled,
  simStats,
  ULTRA,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/** Every simulator fault mode ends in a retry or a clear error, and nothing is submitted twice. */

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let ft: Json;
const SUBMIT = `POST /v1/${ULTRA}`;

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url, env: { BFL_TIMEOUT_MS: "1500", BFL_LIST_TTL_MS: "0" } });
  ft = await readyFinetune(dash, sim);
});

afterAll(() => stopServers(dash, sim));

const post = () =>
  callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, finetune_id: ft.id, prompt: "TOK in the rain" },
  });

async function listIds(): Promise<string[]> {
  const r = await callParsed(generationListSchema, dash.url, "/api/generations?limit=200");
  return r.body.generations.map((g) => String(g.id));
}

describe("faults on submitting an image (never retried blindly)", () => {
  it("429: queued and sent again later, never surfaced", async () => {
    await clearSim(sim);
    await simFault(sim, { kind: "429", count: 2, path: `/v1/${ULTRA}`, retry_after: 1 });
    const c = await post();
    expect(c.status, c.text).toBe(202);
    expect(c.body.generation.status).toBe("Queued");
    const g = await waitGeneration(dash, String(c.body.generation.id), 25_000);
    expect(g.status).toBe("Ready");
    const stats = await simStats(sim);
    expect(stats.method_paths[SUBMIT]).toBe(3);
    expect(stats.statuses["429"]).toBe(2);
  });

  it.each([
    ["with Retry-After", { retry_after: 1 }],
    ["without Retry-After", {}],
  ])("503 %s: BFL took nothing, so queued and sent again; one task at BFL", async (_, extra) => {
    await clearSim(sim);
    await simFault(sim, { kind: "503", count: 1, path: `/v1/${ULTRA}`, ...extra });
    const c = await post();
    expect(c.status, c.text).toBe(202);
    expect(c.body.generation.status).toBe("Queued");
    const g = await waitGeneration(dash, String(c.body.generation.id), 25_000);
    expect(g.status).toBe("Ready");
    const stats = await simStats(sim);
    expect(stats.method_paths[SUBMIT]).toBe(2);
    expect(stats.statuses["503"]).toBe(1);
  });

  it("503 every time: retried a bounded number of times, then a clear error", async () => {
    await clearSim(sim);
    await simFault(sim, { kind: "503", count: 100, path: `/v1/${ULTRA}`, retry_after: 1 });
    const c = await post();
    expect(c.body.generation.status).toBe("Queued");
    const g = await waitGeneration(dash, String(c.body.generation.id), 40_000);
    expect((await simStats(sim)).method_paths[SUBMIT]).toBe(7);
    await clearSim(sim);
    expect(g).toMatchObject({ status: "Error", error: { code: "bfl_unavailable" } });
    expect(String((g.error as Json).message)).toMatch(/overloaded.*503.*Gave up after 7 tries/);
    // A later queued task sent and Ready: the given-up one was not sent again meanwhile.
    await queueBarrier(dash, sim, String(ft.id));
    expect((await simStats(sim)).method_paths[SUBMIT]).toBe(2);
  });

  it("500 on a queued task's resend: an error, never sent a third time", async () => {
    await clearSim(sim);
    await simFault(sim, { kind: "429", count: 1, path: `/v1/${ULTRA}`, retry_after: 1 });
    await simFault(sim, { kind: "500", count: 1, path: `/v1/${ULTRA}` });
    const c = await post();
    expect(c.body.generation.status).toBe("Queued");
    const g = await waitGeneration(dash, String(c.body.generation.id), 15_000);
    expect(g).toMatchObject({ status: "Error", error: { code: "bfl_unavailable" } });
    expect((await simStats(sim)).method_paths[SUBMIT]).toBe(2);
    await clearSim(sim);
    await queueBarrier(dash, sim, String(ft.id));
    expect((await simStats(sim)).method_paths[SUBMIT]).toBe(2);
  });

  it("500: a clear error, one call, nothing left behind", async () => {
    await clearSim(sim);
    const before = await listIds();
    await simFault(sim, { kind: "500", count: 1, path: `/v1/${ULTRA}` });
    const c = await post();
    expectError(c, 502, "bfl_unavailable", /BFL is failing right now, try again/);
    expect(c.text).not.toMatch(/detail/);
    expect((await simStats(sim)).method_paths[SUBMIT]).toBe(1);
    expect(await listIds()).toEqual(before);
  });

  it.each([
    ["hang", { hang_ms: 4_000 }, "bfl_unknown_outcome"],
    ["reset", {}, "bfl_unknown_outcome"],
    ["malformed", {}, "bfl_bad_response"],
  ])("%s: unknown outcome is reported and never resubmitted", async (kind, extra, code) => {
    await clearSim(sim);
    await simFault(sim, { kind, count: 1, path: `/v1/${ULTRA}`, method: "POST", ...extra });
    const c = await post();
    expectError(c, 502, code, /may or may not have started this; check the list before retrying/);
    const ids = await listIds();
    const kept = await callParsed(generationListSchema, dash.url, "/api/generations?limit=1");
    expect(kept.body.generations[0]).toMatchObject({ status: "Error", error: { code } });
    // The hung request has run at the simulator, and a later queued task was sent: nothing else was.
    await simSettled(sim);
    const barrier = await queueBarrier(dash, sim, String(ft.id));
    expect((await simStats(sim)).method_paths[SUBMIT]).toBe(1 + 2);
    expect(await listIds()).toEqual([barrier.id, ...ids]);
  });

  it("402: out of credits, in plain words", async () => {
    await clearSim(sim);
    await fetch(`${sim.url}/_simulator/credits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ credits: 0 }),
    });
    const c = await post();
    await fetch(`${sim.url}/_simulator/credits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ credits: 100_000 }),
    });
    expectError(c, 402, "bfl_out_of_credits", /out of credits/);
    expect((await simStats(sim)).method_paths[SUBMIT]).toBe(1);
  });
});

describe("faults while following a task (retried)", () => {
  it.each([
    ["503 with Retry-After", { kind: "503", count: 2, retry_after: 1 }],
    ["500", { kind: "500", count: 3 }],
    ["hang", { kind: "hang", count: 1, hang_ms: 3_000 }],
    ["reset", { kind: "reset", count: 2 }],
    ["malformed", { kind: "malformed", count: 2 }],
  ])("%s on get_result: the image still ends Ready", async (_name, fault) => {
    await clearSim(sim);
    const c = await post();
    expect(c.status).toBe(202);
    await simFault(sim, { ...fault, path: "/v1/get_result", method: "GET" });
    const g = await waitGeneration(dash, String(c.body.generation.id), 25_000);
    expect(g.status).toBe("Ready");
    expect((await fetch(`${dash.url}${String(g.image_url)}`)).status).toBe(200);
    expect((await simStats(sim)).method_paths[SUBMIT]).toBe(1);
  });

  it("malformed my_finetunes: retried; persistent: local list plus a clear upstream_error", async () => {
    // BFL_LIST_TTL_MS=0: every request asks BFL, so no cached list hides the fault.
    await clearSim(sim);
    await simFault(sim, { kind: "malformed", count: 1, path: "/v1/my_finetunes" });
    const ok = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
    expect(ok.status).toBe(200);
    expect(ok.body.upstream_error).toBeNull();
    expect((await simStats(sim)).method_paths["GET /v1/my_finetunes"]).toBe(2);
    await simFault(sim, { kind: "500", count: 10, path: "/v1/my_finetunes" });
    const bad = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
    expect(bad.status).toBe(200);
    expect(bad.body.upstream_error).toMatchObject({ code: "bfl_unavailable" });
    expect(bad.body.finetunes.some((f) => f.id === ft.id)).toBe(true);
  });
});

describe("faults on submitting a finetune", () => {
  it("500: clear error, nothing stored; 429: queued then sent once", async () => {
    await fetch(`${sim.url}/_simulator/faults`, { method: "DELETE" });
    await clearSim(sim);
    await simFault(sim, { kind: "500", count: 1, path: "/v1/finetune", method: "POST" });
    const failed = await call(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(2)),
    });
    expectError(failed, 502, "bfl_unavailable");
    await simFault(sim, { kind: "429", count: 1, path: "/v1/finetune", method: "POST", retry_after: 1 });
    const queued = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(2)),
    });
    expect(queued.status, queued.text).toBe(201);
    expect(queued.body.finetune.status).toBe("Queued");
    await waitFor("queued finetune sent", async () => {
      const r = await callParsed(
        finetuneEnvelopeSchema,
        dash.url,
        `/api/finetunes/${String(queued.body.finetune.id)}`,
      );
      // Sent and recorded: BFL's id is kept ("Pending" alone also covers a row still being sent).
      return r.body.finetune.status === "Pending" && r.body.finetune.bfl_id ? true : null;
    });
    const stats = await simStats(sim);
    expect(stats.method_paths["POST /v1/finetune"]).toBe(3);
    const list = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
    expect(list.body.finetunes.filter((f) => f.source === "dashboard")).toHaveLength(2);
  });

  it("503: queued, sent again after Retry-After, exactly one finetune at BFL", async () => {
    await clearSim(sim);
    const before = (await callParsed(finetuneListSchema, dash.url, "/api/finetunes")).body.finetunes.length;
    await simFault(sim, { kind: "503", count: 1, path: "/v1/finetune", method: "POST", retry_after: 1 });
    const queued = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(2)),
    });
    expect(queued.status, queued.text).toBe(201);
    expect(queued.body.finetune.status).toBe("Queued");
    await waitFor("queued finetune sent", async () => {
      const r = await callParsed(
        finetuneEnvelopeSchema,
        dash.url,
        `/api/finetunes/${String(queued.body.finetune.id)}`,
      );
      // Sent and recorded: BFL's id is kept ("Pending" alone also covers a row still being sent).
      return r.body.finetune.status === "Pending" && r.body.finetune.bfl_id ? true : null;
    });
    const stats = await simStats(sim);
    expect(stats.method_paths["POST /v1/finetune"]).toBe(2);
    expect(stats.statuses["503"]).toBe(1);
    const list = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
    expect(list.body.finetunes).toHaveLength(before + 1);
  });
});
