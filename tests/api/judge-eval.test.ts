import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finetuneEnvelopeSchema, generationEnvelopeSchema, generationListSchema } from "@/lib/api/types";
import { newComparisonId } from "@/lib/judge/compare";
import type { EvalSet } from "@/lib/judge/eval-set";
import {
  freePort,
  type RunningServer,
  startDashboard,
  startSimulator,
  stopServers,
} from "../helpers/servers";
import {
  call,
  callParsed,
  datasetZip,
  expectError,
  FAST_SIM_ENV,
  FINETUNE_PARAMS,
  finetuneForm,
  readyFinetune,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/**
 * Eval sets over real HTTP: defaults per mode, validation, one run on Ready, "run again"; a finished eval
 * run or comparison is notified once (`job.finished`) to a real receiver through the notify outbox.
 */

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let receiver: Server;
/** Every `job.finished` event the receiver got. */
const jobs: Json[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => {
      const event = (JSON.parse(body) as { event: Json }).event;
      if (event.type === "job.finished") jobs.push(event.job as Json);
      res.writeHead(200).end("ok");
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => receiver.listen(port, "127.0.0.1", r));
  sim = await startSimulator({ env: { ...FAST_SIM_ENV, SIMULATOR_TRAINING_SECONDS: "600" } });
  dash = await startDashboard({
    bflUrl: sim.url,
    env: { NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hook` },
  });
});

afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
  await stopServers(dash, sim);
});

const evalUrl = (id: unknown) => `/api/finetunes/${String(id)}/eval-set`;
const put = (id: unknown, body: unknown) =>
  call<{ eval_set: EvalSet }>(dash.url, evalUrl(id), { method: "PUT", json: body });
const sweepGenerations = async (finetuneId: unknown) =>
  (
    await callParsed(
      generationListSchema,
      dash.url,
      `/api/generations?finetune_id=${String(finetuneId)}&limit=100`,
    )
  ).body.generations;

describe("eval sets", () => {
  it("runs once when the finetune becomes Ready, with every image stored", async () => {
    const created = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(3), { ...FINETUNE_PARAMS, mode: "style", trigger_word: "zkst" }),
    });
    expect(created.status, created.text).toBe(201);
    const ft = created.body.finetune;

    const defaults = (await call<{ eval_set: EvalSet }>(dash.url, evalUrl(ft.id))).body.eval_set;
    expect(defaults).toMatchObject({ stored: false, enabled: false, last_run_id: null });
    expect(defaults.prompts.every((p) => p.endsWith("in the style of [trigger]"))).toBe(true);

    expectError(await put(ft.id, { ...defaults }), 422, "validation_failed", /Unrecognized key/);
    const body = {
      enabled: true,
      endpoint: "flux-pro-finetuned",
      prompts: ["[trigger] a", "b [trigger]"],
      strengths: [0, 1],
      seed: 9,
    };
    expectError(
      await put(ft.id, { ...body, prompts: [] }),
      422,
      "validation_failed",
      /prompts: add at least one prompt/,
    );
    expectError(await put(ft.id, { ...body, strengths: [3] }), 422, "validation_failed", /strengths\.0/);
    expectError(
      await put(ft.id, { ...body, endpoint: "flux-pro-1.0-fill-finetuned" }),
      422,
      "validation_failed",
      /Ultra or Pro/,
    );
    expectError(await put("not-here", body), 404, "not_found");
    expect((await put(ft.id, body)).body.eval_set).toMatchObject({ stored: true, enabled: true });

    await fetch(`${sim.url}/_simulator/tasks/${String(ft.bfl_id)}/complete`, { method: "POST" });
    const runId = await waitFor(
      "eval run",
      async () => (await call<{ eval_set: EvalSet }>(dash.url, evalUrl(ft.id))).body.eval_set.last_run_id,
    );
    expect(runId).toMatch(/^cmp-/);
    const gens = await waitFor("4 generations", async () => {
      const g = await sweepGenerations(ft.id);
      return g.length === 4 ? g : null;
    });
    for (const g of gens) {
      const done = await waitGeneration(dash, String(g.id));
      expect(done).toMatchObject({
        status: "Ready",
        sweep_id: runId,
        seed: 9,
        endpoint: "flux-pro-finetuned",
      });
      expect((await fetch(`${dash.url}${String(done.image_url)}`)).status).toBe(200);
    }
    expect(gens.map((g) => g.prompt).sort()).toEqual(["b zkst", "b zkst", "zkst a", "zkst a"]);

    const comparison = await callParsed(generationListSchema, dash.url, `/api/comparisons/${runId}`);
    expect(comparison.body.generations).toHaveLength(4);

    // The finished run is notified once, as an eval set with its counts.
    await waitFor("the eval run's notification", async () => jobs.some((j) => j.id === runId));
    expect(jobs.filter((j) => j.id === runId)).toEqual([
      { kind: "eval set", id: runId, total: 4, ready: 4, failed: 0 },
    ]);

    // Run again on demand: a new run id, four more images; the Ready hook never runs it a second time.
    const again = await call<{ eval_set: EvalSet }>(dash.url, `${evalUrl(ft.id)}/run`, { method: "POST" });
    expect(again.status, again.text).toBe(202);
    expect(again.body.eval_set.last_run_id).not.toBe(runId);
    expect(await sweepGenerations(ft.id)).toHaveLength(8);
  });

  it("refuses to run before Ready or before the set is saved", async () => {
    const ready = await readyFinetune(dash, sim, "no set yet");
    expectError(
      await call(dash.url, `${evalUrl(ready.id)}/run`, { method: "POST" }),
      422,
      "validation_failed",
      /Save the eval set first/,
    );
    const pending = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(3), { ...FINETUNE_PARAMS, finetune_comment: "still training" }),
    });
    expectError(
      await call(dash.url, `${evalUrl(pending.body.finetune.id)}/run`, { method: "POST" }),
      409,
      "bfl_finetune_not_ready",
      /once the finetune is Ready/,
    );
  });

  it("notifies a comparison once when its last image has ended, counting the failed one", async () => {
    const ft = await readyFinetune(dash, sim, "compared");
    const id = newComparisonId(3);
    const made: string[] = [];
    // Two images, then a third whose prompt the simulator moderates: 2 ready, 1 failed.
    for (const prompt of ["zkst a", "zkst b", "zkst unsafe-output"]) {
      const c = await callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
        method: "POST",
        json: { endpoint: "flux-pro-finetuned", finetune_id: ft.id, prompt, sweep_id: id },
      });
      expect(c.status, c.text).toBe(202);
      made.push(String(c.body.generation.id));
    }
    for (const g of made) await waitGeneration(dash, g);
    await waitFor("the comparison's notification", async () => jobs.some((j) => j.id === id));
    expect(jobs.filter((j) => j.id === id)).toEqual([
      { kind: "comparison", id, total: 3, ready: 2, failed: 1 },
    ]);
  });
});
