import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, removeDir, startDashboard, startSimulator } from "../helpers/servers";
import {
  call,
  datasetZip,
  FAST_SIM_ENV,
  FINETUNE_PARAMS,
  finetuneForm,
  ULTRA,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/**
 * The outbound webhook against a real HTTP receiver: one delivery per event with a valid HMAC-SHA256
 * signature, retried with growing delays while the receiver fails, and polling never waits for it.
 */

type Json = Record<string, unknown>;
const SECRET = "notify-test-secret";
interface Hit {
  at: number;
  body: string;
  headers: IncomingMessage["headers"];
}

let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let receiver: Server;
const hits: Hit[] = [];
/** What the receiver does with the next requests: fail with 500, hang, or accept. */
const plan: ("fail" | "hang" | "ok")[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => {
      hits.push({ at: Date.now(), body, headers: req.headers });
      const next = plan.shift() ?? "ok";
      if (next === "hang") return; // never answers: the dashboard's timeout must cut it
      res.writeHead(next === "fail" ? 500 : 204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const address = receiver.address();
  const port = typeof address === "object" && address ? address.port : 0;
  sim = await startSimulator({ env: { ...FAST_SIM_ENV, SIMULATOR_TRAINING_SECONDS: "600" } });
  dash = await startDashboard({
    bflUrl: sim.url,
    env: { NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, NOTIFY_WEBHOOK_SECRET: SECRET },
  });
});

afterAll(async () => {
  await dash?.stop();
  await sim?.stop();
  receiver?.closeAllConnections();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  if (dash) removeDir(dash.dataDir);
  if (sim) removeDir(sim.dataDir);
});

async function trainingFinetune(comment: string): Promise<Json> {
  const created = await call<{ finetune: Json }>(dash.url, "/api/finetunes", {
    method: "POST",
    body: finetuneForm(await datasetZip(3), { ...FINETUNE_PARAMS, finetune_comment: comment }),
  });
  expect(created.status, created.text).toBe(201);
  return created.body.finetune;
}

describe("outbound notification webhook", () => {
  it("delivers a signed event once, retrying with backoff while the receiver fails", async () => {
    plan.push("fail", "fail", "ok");
    const ft = await trainingFinetune("notify mug");
    await fetch(`${sim.url}/_simulator/tasks/${String(ft.bfl_id)}/complete`, { method: "POST" });
    await waitFor("three deliveries", async () => hits.length >= 3, 30_000);
    // Seen Ready again (list and detail reads) does not send it again.
    await call(dash.url, `/api/finetunes/${String(ft.id)}`);
    await call(dash.url, "/api/finetunes");
    await new Promise((r) => setTimeout(r, 3_000));
    expect(hits).toHaveLength(3);

    const keys = new Set(hits.map((h) => h.headers["x-finetune-studio-event"]));
    expect(keys).toEqual(new Set([`finetune:${String(ft.id)}:Ready`]));
    for (const h of hits) {
      const expected = `sha256=${createHmac("sha256", SECRET).update(h.body).digest("hex")}`;
      expect(h.headers["x-finetune-studio-signature"]).toBe(expected);
      expect(h.headers["content-type"]).toBe("application/json");
    }
    const body = JSON.parse(hits[0]?.body ?? "{}") as Json;
    expect(body.text).toBe('Finetune "notify mug" is ready. Open it in the playground to try it.');
    expect(body.content).toBe(body.text);
    expect(body.event).toMatchObject({ kind: "finetune.ready", finetune_id: ft.id });

    const [a, b, c] = hits.map((h) => h.at);
    const gap1 = (b ?? 0) - (a ?? 0);
    const gap2 = (c ?? 0) - (b ?? 0);
    expect(gap1).toBeGreaterThanOrEqual(900);
    expect(gap2).toBeGreaterThanOrEqual(1_800);
  });

  it("never blocks polling: a receiver that hangs does not delay images", async () => {
    hits.length = 0;
    plan.push("hang");
    const ft = await trainingFinetune("notify lamp");
    await fetch(`${sim.url}/_simulator/tasks/${String(ft.bfl_id)}/complete`, { method: "POST" });
    await waitFor("hanging delivery", async () => hits.length >= 1, 20_000);
    // While the receiver holds the first delivery open, generating still works at full speed.
    const made = await call<{ generation: Json }>(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: ft.id, prompt: "TOK lamp" },
    });
    expect(made.status, made.text).toBe(202);
    const g = await waitGeneration(dash, String(made.body.generation.id));
    expect(g.status).toBe("Ready");
    // The image was polled and stored while the first delivery was still held open (no retry yet).
    expect(hits).toHaveLength(1);
    // After the timeout the delivery is retried and accepted.
    await waitFor("retried delivery", async () => hits.length >= 2, 20_000);
    expect(hits[1]?.headers["x-finetune-studio-event"]).toBe(`finetune:${String(ft.id)}:Ready`);
  });
});
