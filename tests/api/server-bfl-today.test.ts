import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blackHole } from "../fixtures/black-hole";
import { freePort, type RunningServer, removeDir, startDashboard } from "../helpers/servers";
import { call, expectError, waitFor, waitGeneration } from "./server-helpers";

/**
 * The dashboard against an independent stand-in of BFL as it is today (bfl-today.md), written here
 * with node:http and sharing no code with lib/bfl or the simulator: klein LoRA endpoints on the global
 * host, tasks living on a second listener (the regional cluster) that `polling_url` points at while
 * the first host answers 404 for them, a `Generating` phase, a 503 whose body is an Error task,
 * my_finetunes of strings and objects, finetune_details that 404 for LoRAs, retired endpoints.
 */

type Json = Record<string, unknown>;
const KEY = "bfl_today-standin-key";
const LORAS: Record<string, string> = { "my-style-lora": "flux-2-klein-9b-finetuned" };
const LEGACY_ID = "0b6e1e0c-8a3f-4c57-9b0e-1f2a3b4c5d6e";
const RETIRED = [
  "/v1/finetune",
  "/v1/flux-pro-finetuned",
  "/v1/flux-pro-1.0-depth-finetuned",
  "/v1/flux-pro-1.0-canny-finetuned",
];
const POLL_MS = 500; // the dashboard's image poll interval (lib/server/tracker.ts)

interface Task {
  id: string;
  createdAt: number;
  /** How long the task says "Generating" before Ready. */
  phaseMs: number;
  outcome: "ready" | "error503" | "lost";
  polls: number;
  firstReadyAt: number | null;
}

const tasks = new Map<string, Task>();
const seen: string[] = [];
let phaseMs = 300;
let globalHost: Server;
let regional: Server;
let globalUrl: string;
let regionalUrl: string;
let dash: RunningServer & { dataDir: string };

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString() || "{}") as Json;
  } catch {
    return {};
  }
}

/** api.bfl.ai: submissions, the account's finetunes; its get_result does not know regional tasks. */
async function onGlobal(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", globalUrl);
  seen.push(`${req.method} ${url.pathname}`);
  if (req.headers["x-key"] !== KEY)
    return send(res, 403, { detail: "Not authenticated - Invalid Authentication" });
  if (RETIRED.includes(url.pathname)) return send(res, 404, { detail: "Not Found" });
  if (url.pathname === "/v1/my_finetunes")
    return send(res, 200, {
      finetunes: ["my-style-lora", LEGACY_ID, { finetune_id: "object-lora" }, "my-style-lora"],
    });
  if (url.pathname === "/v1/finetune_details") {
    if (url.searchParams.get("finetune_id") === LEGACY_ID)
      return send(res, 200, {
        finetune_details: {
          finetune_comment: "legacy product",
          mode: "product",
          finetune_type: "full",
          trigger_word: "TOK",
        },
      });
    return send(res, 404, { detail: "Finetune not found or access denied" });
  }
  if (url.pathname === "/v1/get_result") {
    const id = url.searchParams.get("id") ?? "";
    // Regional tasks are unknown here; the legacy finetune's training task is long finished.
    if (id === LEGACY_ID) return send(res, 200, { id, status: "Ready", result: null });
    return send(res, 404, { detail: "Not Found" });
  }
  const m = /^\/v1\/(flux-2-klein-[a-z0-9-]+-finetuned|flux-pro-1\.1-ultra-finetuned)$/.exec(url.pathname);
  if (req.method === "POST" && m) {
    const endpoint = m[1] as string;
    const body = await readBody(req);
    const ftId = String(body.finetune_id ?? "");
    const prompt = body.prompt;
    if (endpoint.startsWith("flux-2-klein-")) {
      if (typeof prompt !== "string" || !prompt)
        return send(res, 422, {
          detail: [{ loc: ["body", "prompt"], msg: "Field required", type: "missing" }],
        });
      const own = LORAS[ftId];
      const shared = /^[A-Za-z0-9_-]+\/[a-z0-9_-]+$/.test(ftId);
      if (!(own === endpoint || shared))
        return send(res, 404, { detail: "Finetune not found or access denied" });
    } else if (ftId !== LEGACY_ID) {
      return send(res, 400, { detail: "Finetune not found or not ready" });
    }
    const id = randomUUID();
    const p = String(prompt ?? "");
    tasks.set(id, {
      id,
      createdAt: Date.now(),
      phaseMs,
      outcome: p.includes("fail503") ? "error503" : p.includes("vanish") ? "lost" : "ready",
      polls: 0,
      firstReadyAt: null,
    });
    return send(res, 200, {
      id,
      polling_url: `${regionalUrl}/v1/get_result?id=${id}`,
      cost: endpoint.startsWith("flux-2-klein-9b") ? 1.5 : 7,
      input_mp: 0,
      output_mp: 1.05,
    });
  }
  send(res, 404, { detail: "Not Found" });
}

/** api.eu2.bfl.ai: where the tasks live, and where their images are delivered from. */
async function onRegional(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", regionalUrl);
  const img = /^\/results\/([0-9a-f-]+)\/sample\.jpeg$/.exec(url.pathname);
  if (img) {
    const bytes = await sharp({ create: { width: 96, height: 64, channels: 3, background: "#3a6" } })
      .jpeg()
      .toBuffer();
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": String(bytes.byteLength) });
    return res.end(bytes);
  }
  if (req.headers["x-key"] !== KEY)
    return send(res, 403, { detail: "Not authenticated - Invalid Authentication" });
  const task = tasks.get(url.searchParams.get("id") ?? "");
  if (url.pathname !== "/v1/get_result" || !task) return send(res, 404, { detail: "Not Found" });
  task.polls++;
  if (task.outcome === "lost") return send(res, 404, { detail: "Not Found" });
  if (task.outcome === "error503")
    return send(res, 503, {
      id: task.id,
      status: "Error",
      result: null,
      details: { error: "GPU worker lost the task (standin-reason-42)" },
    });
  if (Date.now() - task.createdAt < task.phaseMs)
    return send(res, 200, { id: task.id, status: "Generating", result: null });
  task.firstReadyAt ??= Date.now();
  send(res, 200, {
    id: task.id,
    status: "Ready",
    cost: 1.25,
    result: { sample: `${regionalUrl}/results/${task.id}/sample.jpeg`, seed: 7, prompt: "x" },
  });
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>, port: number) {
  const srv = createServer((req, res) => {
    handler(req, res).catch(() => send(res, 500, { detail: "stand-in failed" }));
  });
  return new Promise<Server>((r) => srv.listen(port, "127.0.0.1", () => r(srv)));
}

beforeAll(async () => {
  const [a, b] = [await freePort(), await freePort()];
  globalUrl = `http://127.0.0.1:${a}`;
  regionalUrl = `http://127.0.0.1:${b}`;
  globalHost = await listen(onGlobal, a);
  regional = await listen(onRegional, b);
  dash = await startDashboard({
    bflUrl: globalUrl,
    env: { BFL_API_KEY: KEY, BFL_NOT_FOUND_GIVE_UP_MS: "4000" },
  });
});

afterAll(async () => {
  await dash?.stop();
  await new Promise((r) => globalHost?.close(r));
  await new Promise((r) => regional?.close(r));
  if (dash) removeDir(dash.dataDir);
});

const generate = (json: Json) =>
  call<{ generation: Json }>(dash.url, "/api/generations", { method: "POST", json });

async function generateReady(json: Json): Promise<Json> {
  const a = await generate(json);
  expect(a.status, a.text).toBe(202);
  const g = await waitGeneration(dash, String(a.body.generation.id), 30_000);
  expect(g, JSON.stringify(g)).toMatchObject({ status: "Ready" });
  const img = await fetch(`${dash.url}${String(g.image_url)}`);
  expect(img.status).toBe(200);
  expect(img.headers.get("content-type")).toBe("image/jpeg");
  const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
  expect({ w: meta.width, h: meta.height }).toEqual({ w: 96, h: 64 });
  return g;
}

describe("finetunes as BFL lists them today", () => {
  it("lists LoRA names by name (strings and objects merged), and the legacy finetune as FLUX.1", async () => {
    const list = await call<{ finetunes: Json[]; loras: Json[]; upstream_error: unknown }>(
      dash.url,
      "/api/finetunes",
    );
    expect(list.status, list.text).toBe(200);
    expect(list.body.upstream_error).toBeNull();
    expect(list.body.loras.map((l) => l.id).sort()).toEqual(["my-style-lora", "object-lora"]);
    const lora = list.body.loras.find((l) => l.id === "my-style-lora");
    expect(lora).toMatchObject({ name: "my-style-lora", source: "bfl", base_model: null });
    expect(list.body.finetunes).toHaveLength(1);
    expect(list.body.finetunes[0]).toMatchObject({
      id: LEGACY_ID,
      finetune_comment: "legacy product",
      status: "Ready",
    });
    expect(list.text).not.toContain("Untitled");
    const health = await call<{ bfl: Json }>(dash.url, "/api/health?probe=1");
    expect(health.body.bfl).toMatchObject({ reachable: true, message: null });
  });

  it("adds a LoRA by name and by org-id/name, refuses bad names and duplicates, and deletes", async () => {
    const add = (json: Json) => call<{ lora: Json }>(dash.url, "/api/loras", { method: "POST", json });
    const a = await add({
      id: "my-style-lora",
      base_model: "klein-9b",
      precision: "fp8",
      trigger_phrase: "in my style",
    });
    expect(a.status, a.text).toBe(201);
    expect(a.body.lora).toMatchObject({
      id: "my-style-lora",
      source: "added",
      base_model: "klein-9b",
      precision: "fp8",
      trigger_phrase: "in my style",
      endpoints: ["flux-2-klein-9b-finetuned"],
    });
    const shared = await add({ id: "acme-org/shared-lora", base_model: "klein-9b", precision: "fp8" });
    expect(shared.status, shared.text).toBe(201);
    expect(shared.body.lora).toMatchObject({ name: "shared-lora", owner_org_id: "acme-org" });
    expectError(
      await add({ id: "my-style-lora", base_model: "klein-9b", precision: "fp8" }),
      409,
      "already_exists",
    );
    expectError(
      await add({ id: "../etc/passwd", base_model: "klein-9b", precision: "fp8" }),
      422,
      "validation_failed",
      /^id: /,
    );
    expectError(
      await add({ id: "Bad Name", base_model: "klein-9b", precision: "fp8" }),
      422,
      "validation_failed",
      /lowercase/,
    );
    expectError(
      await add({ id: "x", base_model: "klein-4b", precision: "bf16" }),
      422,
      "validation_failed",
      /precision: .*fp8/,
    );
    const one = await call<{ lora: Json }>(
      dash.url,
      `/api/loras/${encodeURIComponent("acme-org/shared-lora")}`,
    );
    expect(one.status, one.text).toBe(200);
    expect(one.body.lora.id).toBe("acme-org/shared-lora");
    const list = await call<{ loras: Json[] }>(dash.url, "/api/finetunes");
    const mine = list.body.loras.filter((l) => l.id === "my-style-lora");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ source: "added" });
    const del = await call(dash.url, `/api/loras/${encodeURIComponent("acme-org/shared-lora")}`, {
      method: "DELETE",
    });
    expect(del.status, del.text).toBe(200);
    expectError(
      await call(dash.url, "/api/loras/acme-org%2Fshared-lora", { method: "DELETE" }),
      404,
      "not_found",
    );
  });
});

describe("generations on today's endpoints", () => {
  it("flux-2-klein-9b-finetuned with a LoRA name ends Ready, its image served by the dashboard", async () => {
    const g = await generateReady({
      endpoint: "flux-2-klein-9b-finetuned",
      finetune_id: "my-style-lora",
      prompt: "a red fox",
    });
    expect(g).toMatchObject({
      endpoint: "flux-2-klein-9b-finetuned",
      finetune_id: "my-style-lora",
      cost: 1.25,
    });
  });

  it("with a shared org-id/name it ends Ready too", async () => {
    const g = await generateReady({
      endpoint: "flux-2-klein-9b-finetuned",
      finetune_id: "other-org/their-lora",
      prompt: "a fox",
    });
    expect(g.finetune_id).toBe("other-org/their-lora");
  });

  it("a LoRA whose base model is known is refused on another endpoint, naming the right one", async () => {
    expectError(
      await generate({ endpoint: "flux-2-klein-4b-finetuned", finetune_id: "my-style-lora", prompt: "x" }),
      422,
      "validation_failed",
      /flux-2-klein-9b-finetuned/,
    );
  });

  it("a legacy FLUX.1 finetune still works on ultra", async () => {
    await generateReady({
      endpoint: "flux-pro-1.1-ultra-finetuned",
      finetune_id: LEGACY_ID,
      prompt: "a bottle",
    });
  });

  it("a 503 poll whose body is an Error task ends the generation as Error within 30 s, keeping BFL's reason", async () => {
    const t0 = Date.now();
    const a = await generate({
      endpoint: "flux-2-klein-9b-finetuned",
      finetune_id: "my-style-lora",
      prompt: "fail503",
    });
    expect(a.status, a.text).toBe(202);
    const g = await waitGeneration(dash, String(a.body.generation.id), 30_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(g).toMatchObject({ status: "Error", error: { code: "bfl_task_failed" } });
    expect(String((g.error as Json).message)).toContain("standin-reason-42");
  });

  it("a Generating phase is waited through with one BFL call per poll; Ready is seen within 2 polls of its end", async () => {
    phaseMs = 3_000; // a 12 s phase in the issue; shortened here, the same code path
    try {
      const a = await generate({
        endpoint: "flux-2-klein-9b-finetuned",
        finetune_id: "my-style-lora",
        prompt: "slow",
      });
      expect(a.status, a.text).toBe(202);
      const id = String(a.body.generation.id);
      // BFL's word is shown while it works.
      const mid = await waitFor("Generating shown", async () => {
        const g = (await call<{ generation: Json }>(dash.url, `/api/generations/${id}`)).body.generation;
        return g.bfl_status === "Generating" ? g : null;
      });
      expect(mid.status).toBe("Pending");
      const g = await waitGeneration(dash, id, 30_000);
      expect(g.status).toBe("Ready");
      const task = [...tasks.values()].find((t) => t.phaseMs === 3_000) as Task;
      const phaseEnd = task.createdAt + task.phaseMs;
      expect(task.firstReadyAt).not.toBeNull();
      expect((task.firstReadyAt as number) - phaseEnd).toBeLessThanOrEqual(2 * POLL_MS);
      // One call per poll: no retries of an unknown status (before: 4 calls per poll and backoff).
      const pollsNeeded = Math.ceil(((task.firstReadyAt as number) - task.createdAt) / POLL_MS);
      expect(task.polls).toBeLessThanOrEqual(pollsNeeded + 1);
      expect(task.polls).toBeGreaterThanOrEqual(Math.floor(task.phaseMs / POLL_MS / 2));
    } finally {
      phaseMs = 300;
    }
  });

  it("a task the polling host keeps answering 404 for ends with a clear message (BFL_NOT_FOUND_GIVE_UP_MS)", async () => {
    const a = await generate({
      endpoint: "flux-2-klein-9b-finetuned",
      finetune_id: "my-style-lora",
      prompt: "vanish",
    });
    expect(a.status, a.text).toBe(202);
    const g = await waitGeneration(dash, String(a.body.generation.id), 30_000);
    expect(g).toMatchObject({ status: "Error", error: { code: "bfl_not_found" } });
    expect(String((g.error as Json).message)).toMatch(
      /polling host 127\.0\.0\.1:\d+ kept answering "not found"/,
    );
  });

  it("a retired endpoint is refused clearly (410) and never sent; health lists it", async () => {
    const before = seen.filter((s) => s === "POST /v1/flux-pro-finetuned").length;
    const a = await generate({ endpoint: "flux-pro-finetuned", finetune_id: LEGACY_ID, prompt: "x" });
    expectError(a, 410, "bfl_retired", /no longer serves \/v1\/flux-pro-finetuned.*Ultra/);
    expect(seen.filter((s) => s === "POST /v1/flux-pro-finetuned").length).toBe(before);
    const health = await call<{ live: boolean; retired: Json[] }>(dash.url, "/api/health");
    expect(health.body.live).toBe(true);
    expect(health.body.retired.map((r) => r.endpoint)).toContain("flux-pro-finetuned");
  });

  it("an endpoint that answers a bare 404 is remembered as retired and not called again", async () => {
    // fill is not in the dated table; this stand-in answers 404 for it as a retired path would.
    const body = {
      endpoint: "flux-pro-1.0-fill-finetuned",
      finetune_id: LEGACY_ID,
      image: await pngBase64(),
      prompt: "x",
    };
    expectError(await generate(body), 410, "bfl_retired", /fill-finetuned/);
    expectError(await generate(body), 410, "bfl_retired");
    expect(seen.filter((s) => s === "POST /v1/flux-pro-1.0-fill-finetuned")).toHaveLength(1);
    const health = await call<{ retired: Json[] }>(dash.url, "/api/health");
    expect(health.body.retired.find((r) => r.endpoint === "flux-pro-1.0-fill-finetuned")).toMatchObject({
      learned: true,
    });
  });
});

async function pngBase64(): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#888" } })
    .png()
    .toBuffer();
  return png.toString("base64");
}

describe("a black-holed host", () => {
  let hole: { port: number; close: () => void } | undefined;
  afterAll(() => hole?.close());

  it("gives a message naming the host within 10 s", async () => {
    hole = await blackHole();
    const { port } = hole;
    const d = await startDashboard({ bflUrl: `http://127.0.0.1:${port}`, env: { BFL_API_KEY: KEY } });
    try {
      const t0 = Date.now();
      const a = await call(d.url, "/api/finetunes/some-id");
      const took = Date.now() - t0;
      expectError(
        a,
        502,
        "bfl_unavailable",
        new RegExp(
          `cannot reach BFL at 127\\.0\\.0\\.1:${port} .*(accepted no connection|sent no answer) within 4 s`,
        ),
      );
      expect(took).toBeLessThan(10_000);
      const health = await call<{ bfl: Json }>(d.url, "/api/health");
      expect(health.body.bfl).toMatchObject({ reachable: false, host: `127.0.0.1:${port}` });
      expect(String(health.body.bfl.message)).toMatch(/BFL_API_URL/);
    } finally {
      await d.stop();
      removeDir(d.dataDir);
    }
  });
});
