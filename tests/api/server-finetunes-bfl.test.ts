import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finetuneEnvelopeSchema, finetuneListSchema } from "@/lib/api/types";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import {
  call,
  callParsed,
  clearSim,
  datasetZip,
  expectError,
  FAST_SIM_ENV,
  FINETUNE_PARAMS,
  finetuneForm,
  simFault,
  simStats,
  waitFor,
} from "./server-helpers";

/**
 * The finetune list merged with BFL's: finetunes only BFL knows are listed, cached and deleted there, and
 * one this dashboard is sending is not listed twice while BFL lists it before its answer arrives.
 */

let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  // A short list cache, so a finetune made at BFL shows without waiting out the default 5 s.
  dash = await startDashboard({ bflUrl: sim.url, env: { BFL_LIST_TTL_MS: "1000" } });
});

afterAll(() => stopServers(dash, sim));

describe("finetunes found only at BFL", () => {
  it("lists them with source bfl, caches BFL calls, and deletes them at BFL", async () => {
    const zip = Buffer.from(await datasetZip(2)).toString("base64");
    const direct = await fetch(`${sim.url}/v1/finetune`, {
      method: "POST",
      headers: { "x-key": "simulator-key", "content-type": "application/json" },
      body: JSON.stringify({ ...FINETUNE_PARAMS, finetune_comment: "made elsewhere", file_data: zip }),
    });
    const { finetune_id: bflId } = (await direct.json()) as { finetune_id: string };
    await fetch(`${sim.url}/_simulator/tasks/${bflId}/complete`, { method: "POST" });
    // The list shows it once the cached list (1 s here) has expired and BFL was asked again.
    await waitFor("the BFL-only finetune listed", async () => {
      const r = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
      return r.body.finetunes.some((f) => f.id === bflId);
    });
    await clearSim(sim);
    const many = await Promise.all(
      Array.from({ length: 8 }, () => callParsed(finetuneListSchema, dash.url, "/api/finetunes")),
    );
    const found = many[0]?.body.finetunes.find((f) => f.id === bflId);
    expect(found).toMatchObject({
      source: "bfl",
      finetune_comment: "made elsewhere",
      status: "Ready",
      has_dataset: false,
    });
    const stats = await simStats(sim);
    // Eight callers within the TTL share at most one BFL call (none if the list above is still fresh).
    expect(stats.method_paths["GET /v1/my_finetunes"] ?? 0).toBeLessThanOrEqual(1);
    expect(stats.method_paths["GET /v1/finetune_details"] ?? 0).toBeLessThanOrEqual(1);

    const one = await callParsed(finetuneEnvelopeSchema, dash.url, `/api/finetunes/${bflId}`);
    expect(one.body.finetune).toMatchObject({ id: bflId, source: "bfl" });
    expectError(await call(dash.url, `/api/finetunes/${bflId}/images`), 404, "not_found");

    const del = await call(dash.url, `/api/finetunes/${bflId}`, { method: "DELETE" });
    expect(del.status, del.text).toBe(200);
    expect((await simStats(sim)).method_paths["POST /v1/delete_finetune"]).toBe(1);
    expectError(await call(dash.url, `/api/finetunes/${bflId}`), 404, "not_found");
  });
});

describe("a finetune BFL lists before its answer arrives", () => {
  it("is listed once, as the dashboard's own, while it is being sent", async () => {
    await clearSim(sim);
    const simIds = async () => {
      const r = await fetch(`${sim.url}/v1/my_finetunes`, { headers: { "x-key": "simulator-key" } });
      return ((await r.json()) as { finetunes: string[] }).finetunes;
    };
    const before = new Set(await simIds());
    // BFL creates the finetune at once but its answer (with the id) reaches the dashboard 10 s later.
    await simFault(sim, { kind: "late", path: "/v1/finetune", method: "POST", hang_ms: 10_000 });
    const params = { ...FINETUNE_PARAMS, finetune_comment: "sent late" };
    let answered = false;
    const creating = callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(2), params),
    }).finally(() => {
      answered = true;
    });
    const bflId = await waitFor("BFL to have the finetune", async () =>
      (await simIds()).find((id) => !before.has(id)),
    );
    // A list the dashboard built after asking BFL, which by then listed the new finetune.
    const asked = (await simStats(sim)).method_paths["GET /v1/my_finetunes"] ?? 0;
    const listed = await waitFor("a list made from BFL's newer list", async () => {
      const r = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
      return ((await simStats(sim)).method_paths["GET /v1/my_finetunes"] ?? 0) > asked && r.body;
    });
    expect(answered, "the check ran while the answer was still held").toBe(false);
    expect(listed.finetunes.some((f) => f.id === bflId)).toBe(false);
    const mine = listed.finetunes.filter((f) => f.finetune_comment === "sent late");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ source: "dashboard", status: "Pending", bfl_id: null });

    const created = await creating;
    expect(created.status, created.text).toBe(201);
    expect(created.body.finetune.bfl_id).toBe(bflId);
    const after = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
    expect(after.body.finetunes.filter((f) => f.finetune_comment === "sent late")).toHaveLength(1);
    expect(after.body.finetunes.some((f) => f.id === bflId)).toBe(false);
  });
});
