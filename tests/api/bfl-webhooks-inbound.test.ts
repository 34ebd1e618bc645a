import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generationEnvelopeSchema } from "@/lib/api/types";
import {
  freePort,
  type RunningServer,
  type Server,
  startDashboard,
  startSimulator,
  startTogether,
  stopServers,
} from "../helpers/servers";
import { login, PASSWORD } from "./security-helpers";
import {
  call,
  callParsed,
  expectError,
  generation,
  readyFinetune,
  simStats,
  ULTRA,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/**
 * Inbound BFL webhooks (PUBLIC_URL set): the simulator calls the dashboard back in both shapes; a wrong
 * secret changes nothing; a right one is confirmed by polling and stores the image once, however many
 * webhooks arrive while the tracker's own polling finds the result too.
 */

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let ft: Json;

beforeAll(async () => {
  // A minute of inference: only the simulator's controls finish a generation during the test.
  sim = await startSimulator({
    env: { SIMULATOR_INFERENCE_SECONDS: "60", SIMULATOR_TRAINING_SECONDS: "60" },
  });
  const port = await freePort();
  dash = await startDashboard({ bflUrl: sim.url, port, env: { PUBLIC_URL: `http://127.0.0.1:${port}/` } });
  ft = await readyFinetune(dash, sim, "webhook finetune");
});

afterAll(() => stopServers(dash, sim));

interface SimTask {
  id: string;
  webhook?: { url: string; secret: string | null };
}

/** What BFL (the simulator) was sent for our task: its own task id, the callback URL and the secret. */
function simTaskFor(ourId: string): { taskId: string; url: string; secret: string } {
  const state = JSON.parse(readFileSync(path.join(sim.dataDir, "state.json"), "utf8")) as {
    tasks: Record<string, SimTask>;
    finetunes: Record<string, SimTask>;
  };
  const all = [...Object.values(state.tasks), ...Object.values(state.finetunes)];
  const task = all.find((t) => t.webhook?.url.endsWith(`/api/webhooks/bfl/${ourId}`));
  if (!task?.webhook?.secret) throw new Error(`the simulator got no webhook for ${ourId}`);
  return { taskId: task.id, url: task.webhook.url, secret: task.webhook.secret };
}

const signed = (secret: string, body: string) => ({
  "content-type": "application/json",
  "x-bfl-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
});

async function pendingGeneration(prompt: string): Promise<string> {
  const c = await callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, finetune_id: ft.id, prompt },
  });
  expect(c.status, c.text).toBe(202);
  return String(c.body.generation.id);
}

const deliveries = async () =>
  ((await (await fetch(`${sim.url}/_simulator/webhooks`)).json()) as { deliveries: Json[] }).deliveries;

describe("inbound BFL webhooks", () => {
  it("sends webhook_url and a per-task secret with submissions, and accepts the finetune's callback", async () => {
    const sent = simTaskFor(String(ft.id));
    expect(sent.url).toBe(`${dash.url}/api/webhooks/bfl/${String(ft.id)}`);
    expect(sent.secret).toMatch(/^[0-9a-f]{64}$/);
    const d = await waitFor("the finetune's webhook", async () =>
      (await deliveries()).find((x) => x.task_id === sent.taskId),
    );
    expect(d).toMatchObject({ status: "Ready", answered: 202 });
  });

  it("a wrong secret changes nothing", async () => {
    const id = await pendingGeneration("wrong secret");
    const { taskId, secret } = simTaskFor(id);
    expect(simTaskFor(id).secret).not.toBe(simTaskFor(String(ft.id)).secret);
    const before = await generation(dash, id);
    const url = `/api/webhooks/bfl/${id}`;
    const forged = JSON.stringify({
      id: taskId,
      status: "Ready",
      result: { sample: "http://127.0.0.1:1/x.jpg" },
    });
    const legacy = JSON.stringify({
      task_id: taskId,
      status: "SUCCESS",
      result: { sample: "http://127.0.0.1:1/x.jpg" },
    });
    const attempts: { body: string; headers: Record<string, string> }[] = [
      { body: forged, headers: signed("not-the-secret", forged) },
      { body: forged, headers: signed(secret, `${forged} `) },
      { body: legacy, headers: { "content-type": "application/json", "x-webhook-secret": `${secret}x` } },
      { body: legacy, headers: { "content-type": "application/json" } },
    ];
    for (const a of attempts) {
      expectError(await call(dash.url, url, { method: "POST", ...a }), 401, "unauthorized", /secret/);
    }
    // An unknown task is refused the same way, so the route reveals nothing.
    const unknown = `/api/webhooks/bfl/00000000-0000-4000-8000-000000000000`;
    expectError(
      await call(dash.url, unknown, { method: "POST", body: forged, headers: signed(secret, forged) }),
      401,
      "unauthorized",
    );
    expectError(
      await call(dash.url, "/api/webhooks/bfl/../finetunes", { method: "POST", body: forged }),
      404,
      "not_found",
    );
    const after = await generation(dash, id);
    expect(after).toEqual(before);
    expect(after.status).toBe("Pending");
  });

  it("a right secret with a forged Ready is confirmed by polling and stores nothing while BFL says Pending", async () => {
    const id = await pendingGeneration("forged ready");
    const { taskId, secret } = simTaskFor(id);
    const otherTask = JSON.stringify({ id: "someone-elses-task", status: "Ready" });
    expectError(
      await call(dash.url, `/api/webhooks/bfl/${id}`, {
        method: "POST",
        body: otherTask,
        headers: signed(secret, otherTask),
      }),
      400,
      "bad_request",
      /another BFL task/,
    );
    const polls = async () => (await simStats(sim)).get_result[taskId] ?? 0;
    const before = await polls();
    const body = JSON.stringify({
      id: taskId,
      status: "Ready",
      result: { sample: "http://127.0.0.1:1/x.jpg" },
    });
    const r = await call(dash.url, `/api/webhooks/bfl/${id}`, {
      method: "POST",
      body,
      headers: signed(secret, body),
    });
    expect(r.status, r.text).toBe(202);
    expect(r.body).toMatchObject({ received: true, kind: "generation", reported_status: "Ready" });
    await waitFor("a poll after the webhook", async () => (await polls()) > before);
    expect((await generation(dash, id)).status).toBe("Pending");
  });

  it("a right one stores the image once, even with duplicate webhooks and polling finding it too", async () => {
    const id = await pendingGeneration("stored once");
    const { taskId, secret } = simTaskFor(id);
    // BFL finishes: the simulator calls back at once while the tracker is polling every 0.5 s.
    await fetch(`${sim.url}/_simulator/tasks/${taskId}/complete`, { method: "POST" });
    const legacy = JSON.stringify({ task_id: taskId, status: "SUCCESS", result: null });
    const sends = Array.from({ length: 6 }, (_, i) =>
      i % 2
        ? call(dash.url, `/api/webhooks/bfl/${id}`, {
            method: "POST",
            body: legacy,
            headers: { "content-type": "application/json", "x-webhook-secret": secret },
          })
        : (() => {
            const body = JSON.stringify({ id: taskId, status: "Ready", result: null, timestamp: i });
            return call(dash.url, `/api/webhooks/bfl/${id}`, {
              method: "POST",
              body,
              headers: signed(secret, body),
            });
          })(),
    );
    for (const r of await Promise.all(sends)) expect(r.status, r.text).toBe(202);
    const g = await waitGeneration(dash, id);
    expect(g.status).toBe("Ready");
    const timeline = g.timeline as { status: string }[];
    expect(timeline.filter((e) => e.status === "Ready")).toHaveLength(1);
    const img = await fetch(`${dash.url}${String(g.image_url)}`);
    expect(img.status).toBe(200);
    const stored = await waitFor("the simulator's own webhook answered", async () =>
      (await deliveries()).find((x) => x.task_id === taskId),
    );
    expect(stored).toMatchObject({ answered: 202, status: "Ready" });
    const lines = dash
      .output()
      .split("\n")
      .filter((l) => l.includes(`stored the image of generation ${id}`));
    expect(lines).toHaveLength(1);
  });

  it("the simulator alternates between the two shapes, and the dashboard accepts both", async () => {
    const ids = [await pendingGeneration("shape one"), await pendingGeneration("shape two")];
    for (const id of ids)
      await fetch(`${sim.url}/_simulator/tasks/${simTaskFor(id).taskId}/complete`, { method: "POST" });
    for (const id of ids) expect((await waitGeneration(dash, id)).status).toBe("Ready");
    const mine = await waitFor("both webhooks", async () => {
      const tasks = new Set(ids.map((id) => simTaskFor(id).taskId));
      const ds = (await deliveries()).filter((d) => tasks.has(String(d.task_id)));
      return ds.length === 2 ? ds : null;
    });
    expect(new Set(mine.map((d) => d.shape))).toEqual(new Set(["signed", "legacy"]));
    for (const d of mine) expect(d.answered).toBe(202);
  });
});

describe("inbound BFL webhooks, live profile, password set", () => {
  let liveSim: Server;
  let liveDash: Server;
  let port: number;

  beforeAll(async () => {
    const simPort = await freePort();
    port = await freePort();
    [liveSim, liveDash] = await startTogether([
      startSimulator({ port: simPort, profile: "live", env: { SIMULATOR_INFERENCE_SECONDS: "60" } }),
      startDashboard({
        bflUrl: `http://127.0.0.1:${simPort}`,
        port,
        env: { PUBLIC_URL: `http://localhost:${port}`, DASHBOARD_PASSWORD: PASSWORD },
      }),
    ]);
  });
  afterAll(() => stopServers(liveDash, liveSim));

  it("a klein generation's webhook passes the request gate without a session and is confirmed", async () => {
    const { cookie } = await login(liveDash.url, PASSWORD);
    const c = await callParsed(generationEnvelopeSchema, liveDash.url, "/api/generations", {
      method: "POST",
      headers: { cookie },
      json: { endpoint: "flux-2-klein-9b-finetuned", finetune_id: "my-style-lora", prompt: "live hook" },
    });
    expect(c.status, c.text).toBe(202);
    const id = String(c.body.generation.id);
    const state = JSON.parse(readFileSync(path.join(liveSim.dataDir, "state.json"), "utf8")) as {
      tasks: Record<string, SimTask>;
    };
    const task = Object.values(state.tasks).find((t) => t.webhook?.url.endsWith(`/api/webhooks/bfl/${id}`));
    expect(task?.webhook?.url).toBe(`http://localhost:${port}/api/webhooks/bfl/${id}`);
    await fetch(`${liveSim.url}/_simulator/tasks/${task?.id}/complete`, { method: "POST" });
    const sent = await waitFor("the klein task's webhook", async () => {
      const res = await fetch(`${liveSim.url}/_simulator/webhooks`);
      const { deliveries: ds } = (await res.json()) as { deliveries: Json[] };
      return ds.find((d) => d.task_id === task?.id);
    });
    // 202 from the route itself: neither the gate nor the proxy asked the webhook for a login.
    expect(sent).toMatchObject({ status: "Ready", answered: 202, attempts: 1 });
    const g = await waitFor("the klein generation Ready", async () => {
      const r = await callParsed(generationEnvelopeSchema, liveDash.url, `/api/generations/${id}`, {
        headers: { cookie },
      });
      return r.body.generation?.status === "Ready" ? r.body.generation : null;
    });
    expect(g).toMatchObject({ endpoint: "flux-2-klein-9b-finetuned", finetune_id: "my-style-lora" });
  });
});
