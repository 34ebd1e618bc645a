import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finetuneListSchema } from "@/lib/api/types";
import {
  freePort,
  type RunningServer,
  removeDir,
  startDashboard,
  startSimulator,
  startTogether,
  stopServers,
} from "../helpers/servers";
import {
  call,
  callParsed,
  datasetZip,
  expectError,
  FAST_SIM_ENV,
  finetuneForm,
  ULTRA,
} from "./server-helpers";

/**
 * BFL answers the simulator cannot produce on demand (live BFL's 404 for /v1/finetune, 422 field lists,
 * 400 "not ready", 401) come from a tiny stand-in server; a refused key comes from the real simulator.
 */

type Json = Record<string, unknown>;
const STUB_KEY = "stub-key-DO-NOT-LEAK-7f3a";
const UPSTREAM_SECRET = "UPSTREAM-INTERNAL-DETAIL-91";
let nextInference: { status: number; body: unknown } = { status: 200, body: {} };
let stub: Server;
let stubUrl: string;
let dash: RunningServer & { dataDir: string };

function send(res: import("node:http").ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "x-upstream-secret": UPSTREAM_SECRET });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  const port = await freePort();
  stub = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stub");
    req.resume();
    if (req.headers["x-key"] !== STUB_KEY)
      return send(res, 403, { detail: "Not authenticated - Invalid Authentication" });
    if (url.pathname === "/v1/my_finetunes") return send(res, 200, { finetunes: ["ft-live"] });
    if (url.pathname === "/v1/finetune_details") {
      if (url.searchParams.get("finetune_id") !== "ft-live")
        return send(res, 404, { detail: "Finetune not found or access denied" });
      return send(res, 200, {
        finetune_details: { finetune_comment: "live", mode: "character", timestamp: "2026-01-02T03:04:05Z" },
      });
    }
    if (url.pathname === "/v1/get_result")
      return send(res, 200, { id: url.searchParams.get("id"), status: "Ready", result: null });
    if (url.pathname === "/v1/finetune") return send(res, 404, { detail: `Not Found ${UPSTREAM_SECRET}` });
    if (url.pathname === `/v1/${ULTRA}`) return send(res, nextInference.status, nextInference.body);
    send(res, 404, { detail: "Not Found" });
  });
  await new Promise<void>((r) => stub.listen(port, "127.0.0.1", () => r()));
  stubUrl = `http://127.0.0.1:${port}`;
  dash = await startDashboard({ bflUrl: stubUrl, env: { BFL_API_KEY: STUB_KEY, BFL_TIMEOUT_MS: "1500" } });
});

afterAll(async () => {
  await dash?.stop();
  await new Promise((r) => stub?.close(r));
  if (dash) removeDir(dash.dataDir);
});

const generate = () =>
  call(dash.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, finetune_id: "ft-live", prompt: "x" },
  });

function expectNoLeak(a: { text: string; headers: Headers }) {
  expect(a.text).not.toContain(STUB_KEY);
  expect(a.text).not.toContain(UPSTREAM_SECRET);
  expect([...a.headers.keys()]).not.toContain("x-upstream-secret");
}

describe("BFL error mapping", () => {
  it("404 on POST /v1/finetune: BFL no longer accepts new finetunes", async () => {
    const a = await call(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(1)),
    });
    expectError(a, 502, "bfl_finetune_retired", /no longer accepts new finetunes.*404 for \/v1\/finetune/);
    expectNoLeak(a);
    const list = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
    expect(list.body.finetunes.map((f) => f.id)).toEqual(["ft-live"]);
  });

  it("against live BFL the dataset studio says BFL no longer trains and offers the local export", async () => {
    const page = await fetch(`${dash.url}/new`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="live-api-notice"');
    expect(html).toContain("live service no longer trains finetunes");
    expect(html).toContain("Export for local training");
    expect(html).not.toContain(STUB_KEY);
  });

  it.each([
    [
      422,
      { detail: [{ loc: ["body", "aspect_ratio"], msg: "bad ratio", type: "value_error" }] },
      422,
      "bfl_validation",
      /aspect_ratio: bad ratio/,
    ],
    [400, { detail: "Finetune not found or not ready" }, 409, "bfl_finetune_not_ready", /not ready/],
    [402, { detail: "Insufficient credits" }, 402, "bfl_out_of_credits", /out of credits/],
    [401, { detail: UPSTREAM_SECRET }, 502, "bfl_auth_failed", /the API key was refused/],
    [403, { detail: UPSTREAM_SECRET }, 502, "bfl_auth_failed", /the API key was refused/],
    [500, { detail: UPSTREAM_SECRET }, 502, "bfl_unavailable", /BFL is failing right now, try again/],
  ])("BFL %i on an image submission", async (status, body, want, code, msg) => {
    nextInference = { status, body };
    const a = await generate();
    expectNoLeak(a);
    expectError(a, want, code, msg);
  });

  it("a malformed submit answer is bfl_bad_response", async () => {
    nextInference = { status: 200, body: { unexpected: true } };
    expectError(await generate(), 502, "bfl_bad_response");
  });

  it("a result link on a foreign host is refused", async () => {
    nextInference = {
      status: 200,
      body: { id: "task-1", polling_url: "https://evil.example/v1/get_result?id=task-1" },
    };
    const a = await generate();
    expect(a.status).toBe(202);
    // The stub reports Ready with no sample: the task ends in a clear error, polled on the stub itself.
    const id = String((a.body.generation as Json).id);
    const deadline = Date.now() + 10_000;
    let g: Json = {};
    while (Date.now() < deadline) {
      g = ((await call(dash.url, `/api/generations/${id}`)).body.generation ?? {}) as Json;
      if (g.status === "Error") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(g).toMatchObject({ status: "Error", error: { code: "bfl_bad_response" } });
    expect(dash.output()).toMatch(/ignoring a polling_url on a host that is not BFL's/);
    expect(dash.output()).not.toContain(STUB_KEY);
  });
});

describe("BFL 429 or 503 on an image submission (BFL took nothing)", () => {
  it.each([
    [429, { detail: "Too many concurrent requests" }],
    [503, { detail: UPSTREAM_SECRET }],
  ])("%i is not surfaced: the generation is queued", async (status, body) => {
    nextInference = { status, body };
    const a = await generate();
    expectNoLeak(a);
    expect(a.status, a.text).toBe(202);
    expect((a.body.generation as Json).status).toBe("Queued");
  });
});

describe("no connection to BFL at all", () => {
  it("says the dashboard cannot reach BFL, naming the host, not that BFL is failing", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const cut = await startDashboard({ bflUrl: closed, env: { BFL_API_KEY: STUB_KEY } });
    try {
      const one = await call(cut.url, "/api/finetunes/some-id");
      expectError(one, 502, "bfl_unavailable", /cannot reach BFL at 127\.0\.0\.1:\d+ \(no connection/);
      const list = await call<{ upstream_error: Json }>(cut.url, "/api/finetunes");
      expect(list.status).toBe(200);
      expect(String(list.body.upstream_error.message)).toMatch(/cannot reach BFL/);
      expect(one.text + list.text + cut.output()).not.toContain(STUB_KEY);
    } finally {
      await cut.stop();
      removeDir(cut.dataDir);
    }
  });
});

describe("a key the simulator refuses", () => {
  let sim: RunningServer & { dataDir: string };
  let wrong: RunningServer & { dataDir: string };
  beforeAll(async () => {
    const simPort = await freePort();
    [sim, wrong] = await startTogether([
      startSimulator({ port: simPort, env: FAST_SIM_ENV }),
      startDashboard({ bflUrl: `http://127.0.0.1:${simPort}`, env: { BFL_API_KEY: "wrong-key-55aa" } }),
    ]);
  });
  afterAll(() => stopServers(wrong, sim));

  it("is reported as bfl_auth_failed without echoing the key", async () => {
    const list = await call<{ upstream_error: Json }>(wrong.url, "/api/finetunes");
    expect(list.status).toBe(200);
    expect(list.body.upstream_error).toMatchObject({ code: "bfl_auth_failed" });
    const one = await call(wrong.url, "/api/finetunes/some-id");
    expectError(one, 502, "bfl_auth_failed", /the API key was refused/);
    expect(one.text + list.text + wrong.output()).not.toContain("wrong-key-55aa");
  });
});
