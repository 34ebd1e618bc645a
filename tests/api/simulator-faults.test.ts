import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SimClient } from "../fixtures/simulator-client";
import { type RunningServer, removeDir, startSimulator } from "../helpers/servers";
import { waitFor } from "./server-helpers";

/** Fault injection (`/_simulator/faults`) and request statistics (`/_simulator/stats`). */

let sim: RunningServer & { dataDir: string };
let api: SimClient;

beforeAll(async () => {
  sim = await startSimulator();
  api = new SimClient(sim.url);
});
afterAll(async () => {
  await sim?.stop();
  removeDir(sim.dataDir);
});
beforeEach(async () => {
  await api.control("DELETE", "faults");
});

const fault = (body: Record<string, unknown>) => api.control("POST", "faults", body);

describe("fault modes", () => {
  it("429 with Retry-After for the next N requests, then normal", async () => {
    await fault({ kind: "429", count: 2, retry_after: 7 });
    for (let i = 0; i < 2; i++) {
      const r = await api.get("/v1/my_finetunes");
      expect(r.status).toBe(429);
      expect(r.headers.get("retry-after")).toBe("7");
      expect(r.body).toEqual({ detail: "Too many concurrent requests" });
    }
    expect((await api.get("/v1/my_finetunes")).status).toBe(200);
  });

  it("500 (plain text like uvicorn) and 503 (JSON, Retry-After)", async () => {
    await fault({ kind: "500" });
    const a = await api.get("/v1/my_finetunes");
    expect(a.status).toBe(500);
    expect(a.text).toBe("Internal Server Error");
    await fault({ kind: "503", retry_after: 3 });
    const b = await api.get("/v1/my_finetunes");
    expect(b.status).toBe(503);
    expect(b.headers.get("retry-after")).toBe("3");
    expect(b.body).toEqual({ detail: "Service Unavailable" });
  });

  it("malformed: 200 with broken JSON", async () => {
    await fault({ kind: "malformed" });
    const res = await fetch(`${sim.url}/v1/my_finetunes`, { headers: { "x-key": api.key } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    await expect(res.json()).rejects.toThrow();
  });

  it("reset destroys the connection", async () => {
    await fault({ kind: "reset" });
    await expect(fetch(`${sim.url}/v1/my_finetunes`, { headers: { "x-key": api.key } })).rejects.toThrow();
    expect((await api.get("/v1/my_finetunes")).status).toBe(200);
  });

  it("hang with hang_ms waits and then answers normally", async () => {
    await fault({ kind: "hang", hang_ms: 400 });
    const t0 = Date.now();
    const res = await api.get("/v1/my_finetunes");
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
  });

  it("hang without hang_ms never answers", async () => {
    await fault({ kind: "hang" });
    const res = fetch(`${sim.url}/v1/my_finetunes`, {
      headers: { "x-key": api.key },
      signal: AbortSignal.timeout(500),
    });
    await expect(res).rejects.toThrow(/abort|timeout/i);
  });

  it("matches path prefix and method; never /_simulator", async () => {
    await fault({ kind: "503", count: 1, path: "/v1/get_result", method: "GET" });
    expect((await api.get("/v1/my_finetunes")).status).toBe(200);
    expect((await api.control("GET", "health")).status).toBe(200);
    expect((await api.post("/v1/get_result", {})).status).toBe(405); // POST does not match
    expect((await api.result("x")).status).toBe(503);
    expect((await api.result("x")).status).toBe(200);
  });

  it("a faulted request is not executed", async () => {
    await fault({ kind: "500", path: "/v1/finetune" });
    await expect(api.createFinetune()).rejects.toThrow(/500/);
    expect((await api.get("/v1/my_finetunes")).body.finetunes).toEqual([]);
  });

  it("lists, validates and clears faults", async () => {
    await fault({ kind: "429", count: 5 });
    expect((await api.control("GET", "faults")).body.faults).toMatchObject([{ kind: "429", remaining: 5 }]);
    const bad = await fault({ kind: "teapot" });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toMatchObject([{ loc: ["body", "kind"] }]);
    await api.control("DELETE", "faults");
    expect((await api.get("/v1/my_finetunes")).status).toBe(200);
  });
});

describe("stats", () => {
  it("counts requests per path and get_result calls per id; ignores /_simulator", async () => {
    await api.control("DELETE", "stats");
    await api.result("aaa");
    await api.result("aaa");
    await api.result("bbb");
    await api.get("/v1/my_finetunes");
    await api.control("GET", "health");
    const s = (await api.control("GET", "stats")).body;
    expect(s.total).toBe(4);
    expect(s.paths).toEqual({ "/v1/get_result": 3, "/v1/my_finetunes": 1 });
    expect(s.get_result).toEqual({ aaa: 2, bbb: 1 });
    expect(s.method_paths).toMatchObject({ "GET /v1/get_result": 3 });
    expect(s.statuses).toEqual({ "200": 4 });
  });

  it("counts a request a hang holds as in flight until it has run", async () => {
    await fault({ kind: "hang", hang_ms: 2_000, path: "/v1/my_finetunes" });
    const answer = api.get("/v1/my_finetunes");
    const inFlight = async () => Number((await api.control("GET", "stats")).body.in_flight);
    await waitFor("the held request counted", async () => (await inFlight()) === 1);
    expect((await answer).status).toBe(200);
    expect(await inFlight()).toBe(0);
  });

  it("closes hanging requests on shutdown without waiting", async () => {
    // a raw request that hangs must not block SIGTERM; checked in afterAll's stop() timing
    await api.control("DELETE", "stats");
    await fault({ kind: "hang" });
    const req = request(`${sim.url}/v1/my_finetunes`, { headers: { "x-key": api.key } });
    req.on("error", () => undefined);
    req.end();
    await waitFor("the hanging request at the simulator", async () => {
      return Number((await api.control("GET", "stats")).body.total) === 1;
    });
    const t0 = Date.now();
    await sim.stop();
    expect(Date.now() - t0).toBeLessThan(2_500);
  });
});
