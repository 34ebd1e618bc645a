import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finetuneEnvelopeSchema, generationEnvelopeSchema } from "@/lib/api/types";
import {
  freePort,
  type RunningServer,
  startDashboard,
  startSimulator,
  stopServers,
} from "../helpers/servers";
import {
  callParsed,
  datasetZip,
  FINETUNE_PARAMS,
  finetuneForm,
  readyFinetune,
  ULTRA,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/**
 * The outbound notification webhook against a real node:http receiver: once per event, signed, retried
 * with backoff, kept across a restart, and never in the way of polling when the receiver hangs.
 */

type Json = Record<string, unknown>;
const SECRET = "notify-test-secret";

interface Received {
  at: number;
  event: string;
  timestamp: string;
  signature: string;
  body: string;
  answered: number | "hang";
}

/** What the receiver does with the next request: answer a status, or never answer. */
let plan: (n: number) => number | "hang" = () => 200;
const received: Received[] = [];
let receiver: Server;
const hanging: ServerResponse[] = [];

function receive(req: IncomingMessage, res: ServerResponse) {
  let body = "";
  req.on("data", (d: Buffer) => {
    body += d.toString();
  });
  req.on("end", () => {
    const answer = plan(received.length);
    received.push({
      at: Date.now(),
      event: String(req.headers["x-finetune-studio-event"]),
      timestamp: String(req.headers["x-finetune-studio-timestamp"]),
      signature: String(req.headers["x-finetune-studio-signature"]),
      body,
      answered: answer,
    });
    if (answer === "hang") hanging.push(res);
    else res.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : "no");
  });
}

let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let dashPort: number;
let hookUrl: string;

const dashEnv = () => ({ NOTIFY_WEBHOOK_URL: hookUrl, NOTIFY_WEBHOOK_SECRET: SECRET });

beforeAll(async () => {
  receiver = createServer(receive);
  const port = await freePort();
  await new Promise<void>((r) => receiver.listen(port, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${port}/hook`;
  // Training takes a minute unless a test finishes (or fails) it through the simulator's controls.
  sim = await startSimulator({
    env: { SIMULATOR_INFERENCE_SECONDS: "0.5", SIMULATOR_TRAINING_SECONDS: "60" },
  });
  dashPort = await freePort();
  dash = await startDashboard({ bflUrl: sim.url, port: dashPort, env: dashEnv() });
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
  await stopServers(dash, sim);
});

const eventsFor = (finetuneId: string) =>
  received.filter((r) => {
    try {
      return (
        (JSON.parse(r.body) as { event: { finetune?: { id: string } } }).event.finetune?.id === finetuneId
      );
    } catch {
      return false;
    }
  });

function expectValidSignature(r: Received) {
  const expected = `sha256=${createHmac("sha256", SECRET).update(`${r.timestamp}.${r.body}`).digest("hex")}`;
  expect(r.signature).toBe(expected);
  expect(Math.abs(Date.now() / 1000 - Number(r.timestamp))).toBeLessThan(600);
}

describe("outbound notification webhook", () => {
  let first: Json;

  it("delivers a Ready finetune once, signed, after two failures with growing delays", async () => {
    plan = (n) => (n < 2 ? 500 : 200);
    first = await readyFinetune(dash, sim, "notify ready one");
    const got = await waitFor("a delivered notification", async () => {
      const mine = eventsFor(String(first.id));
      return mine.some((r) => r.answered === 200) ? mine : null;
    });
    expect(got.map((r) => r.answered)).toEqual([500, 500, 200]);
    // One event: the same id and the same bytes on every attempt; a fresh valid signature on each.
    expect(new Set(got.map((r) => r.event)).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    for (const r of got) expectValidSignature(r);
    const [a, b, c] = got.map((r) => r.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(900);
    expect(c - b).toBeGreaterThanOrEqual(1_900);
    expect(c - b).toBeGreaterThan(b - a);
    const body = JSON.parse(got[0]?.body ?? "{}") as Json;
    expect(body.text).toBe(body.content);
    expect(String(body.text)).toContain('finetune "notify ready one" is Ready');
    expect(body.event).toMatchObject({
      type: "finetune.ready",
      finetune: { id: first.id, status: "Ready", comment: "notify ready one" },
    });
  });

  it("keeps an undelivered event across a restart and sends it once, without repeating the delivered one", async () => {
    plan = () => 503;
    const created = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(3), { ...FINETUNE_PARAMS, finetune_comment: "notify failing one" }),
    });
    expect(created.status, created.text).toBe(201);
    const ft = created.body.finetune;
    await fetch(`${sim.url}/_simulator/finetunes/${String(ft.bfl_id)}/fail`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason: "GPU on fire" }),
    });
    await waitFor("a refused attempt", async () => eventsFor(String(ft.id)).length > 0);
    await dash.stop();
    plan = () => 200;
    dash = await startDashboard({ bflUrl: sim.url, port: dashPort, dataDir: dash.dataDir, env: dashEnv() });
    const got = await waitFor("the kept event delivered", async () => {
      const mine = eventsFor(String(ft.id));
      return mine.some((r) => r.answered === 200) ? mine : null;
    });
    expect(got.filter((r) => r.answered === 200)).toHaveLength(1);
    expect(new Set(got.map((r) => r.event)).size).toBe(1);
    const body = JSON.parse(got[0]?.body ?? "{}") as { text: string; event: Json };
    expect(body.event).toMatchObject({ type: "finetune.failed", finetune: { status: "Error" } });
    expect(body.text).toContain("GPU on fire");
    // The delivered event of the first test was not sent again by the restarted dashboard.
    expect(eventsFor(String(first.id)).map((r) => r.answered)).toEqual([500, 500, 200]);
  });

  it("never holds up polling while the receiver hangs", async () => {
    plan = () => "hang";
    const before = received.length;
    const ft = await readyFinetune(dash, sim, "notify hanging one");
    await waitFor(
      "the notification to reach the hanging receiver",
      async () => eventsFor(String(ft.id)).length > 0,
    );
    const started = Date.now();
    const c = await callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: ft.id, prompt: "while the receiver hangs" },
    });
    expect(c.status, c.text).toBe(202);
    const g = await waitGeneration(dash, String(c.body.generation.id));
    expect(g.status).toBe("Ready");
    // 0.5 s of simulated work: well under the receiver's 10 s timeout, which is still running.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(received.slice(before).every((r) => r.answered === "hang")).toBe(true);
    expect(hanging.some((res) => !res.writableEnded)).toBe(true);
  });
});
