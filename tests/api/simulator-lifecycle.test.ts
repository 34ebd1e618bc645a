import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectPendingBeforeEnd, SimClient } from "../fixtures/simulator-client";
import { type RunningServer, removeDir, startSimulator, startTogether, tempDir } from "../helpers/servers";
import { waitFor } from "./server-helpers";

/** State machine, limits, moderation, expiry, persistence and configuration over real HTTP. */

type Sim = RunningServer & { dataDir: string };
const started: Sim[] = [];
async function launch(env: Record<string, string>, dataDir?: string): Promise<Sim> {
  const s = await startSimulator({ env, dataDir });
  started.push(s);
  return s;
}
afterAll(async () => {
  for (const s of started) await s.stop();
  for (const d of new Set(started.map((s) => s.dataDir))) removeDir(d);
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("held training pace (POST /_simulator/pace)", () => {
  it("a training submitted while held stays Pending past its time until completed; released ones run", async () => {
    const s = await launch({ SIMULATOR_TRAINING_SECONDS: "0.6" });
    const api = new SimClient(s.url);
    const hold = (on: boolean) =>
      fetch(`${s.url}/_simulator/pace`, { method: "POST", body: JSON.stringify({ hold: on }) });
    expect((await hold(true)).status).toBe(200);
    const held = await api.createFinetune({ iterations: 100 });
    expect((await hold(false)).status).toBe(200);
    const free = await api.createFinetune({ iterations: 100 });
    // The second, started later with the same duration, ends on its own: the first's time has passed too.
    expect((await api.waitDone(free, 10_000)).status).toBe("Ready");
    expect((await api.result(held)).body.status).toBe("Pending");
    await api.complete(held);
    expect((await api.result(held)).body.status).toBe("Ready");
    const bad = await fetch(`${s.url}/_simulator/pace`, {
      method: "POST",
      body: JSON.stringify({ hold: 1 }),
    });
    expect(bad.status).toBe(422);
  });
});

describe("state machine (slow training, short TTL)", () => {
  let api: SimClient;
  beforeAll(async () => {
    const s = await launch({
      SIMULATOR_TRAINING_SECONDS: "600",
      SIMULATOR_INFERENCE_SECONDS: "0.3",
      SIMULATOR_RESULT_TTL_SECONDS: "2",
      SIMULATOR_CREDITS: "500",
    });
    api = new SimClient(s.url);
  });

  it("a Pending finetune cannot be used (400), Ready after complete", async () => {
    const id = await api.createFinetune({ iterations: 100 });
    expect((await api.result(id)).body.status).toBe("Pending");
    const early = await api.post("/v1/flux-pro-1.1-ultra-finetuned", { finetune_id: id });
    expect(early.status).toBe(400);
    expect(early.body).toEqual({ detail: "Finetune not found or not ready" });
    await api.complete(id);
    expect((await api.result(id)).body.status).toBe("Ready");
  });

  it("inference goes Pending → Ready on its own; the result link expires after the TTL", async () => {
    const [ft] = (await api.get("/v1/my_finetunes")).body.finetunes ?? [];
    const sub = await api.post("/v1/flux-pro-finetuned", {
      finetune_id: ft,
      prompt: "x",
      width: 256,
      height: 256,
    });
    expect(sub.status).toBe(200);
    const id = sub.body.id ?? "";
    const first = await api.timedResult(id);
    const done = await api.waitDone(id, 5_000);
    expect(done.status).toBe("Ready");
    expectPendingBeforeEnd(first, done.result?.end_time);
    expect(typeof done.result?.seed).toBe("number"); // picked at random and reported
    expect(done.result?.duration).toBeCloseTo(0.3, 1);
    const url = done.result?.sample ?? "";
    expect((await fetch(url)).status).toBe(200);
    const tampered = url.replace(/se=[^&]+/, "se=2999-01-01T00%3A00%3A00Z");
    const bad = await fetch(tampered);
    expect(bad.status).toBe(403);
    expect(await bad.text()).toMatch(/AuthenticationFailed.*Signature did not match/);
    const expiry = Date.parse(decodeURIComponent(/se=([^&]+)/.exec(url)?.[1] ?? ""));
    expect(expiry - (done.result?.end_time ?? 0) * 1000).toBeGreaterThanOrEqual(2_000);
    await sleep(Math.max(0, expiry - Date.now()) + 300);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(expired.headers.get("content-type")).toBe("application/xml");
    expect(await expired.text()).toMatch(/<Code>AuthenticationFailed<\/Code>.*expired/);
    // get_result still answers Ready with the same (now dead) link
    expect((await api.result(id)).body.result?.sample).toBe(url);
  });

  it("402 when credits run out (nothing created), moderation is not charged", async () => {
    // 500 - 200 (training) - 6 = 294 left
    expect((await api.get("/v1/credits")).body.credits).toBe(294);
    expect((await api.control("POST", "credits", { credits: 5 })).status).toBe(200);
    const [ft] = (await api.get("/v1/my_finetunes")).body.finetunes ?? [];
    const res = await api.post("/v1/flux-pro-finetuned", { finetune_id: ft });
    expect(res.status).toBe(402);
    expect(res.body).toEqual({ detail: "Insufficient credits" });
    const zipRes = await api.createFinetune().catch((e: Error) => e.message);
    expect(zipRes).toMatch(/402.*Insufficient credits/);

    const mod = await api.post("/v1/flux-pro-finetuned", {
      finetune_id: ft,
      prompt: "please moderate-me now",
    });
    expect(mod.status).toBe(200);
    const r = await api.result(mod.body.id ?? "");
    expect(r.body).toMatchObject({ status: "Request Moderated", result: null });
    expect(r.body.details).toEqual({ "Moderation Reasons": [expect.stringContaining("moderate-me")] });

    const out = await api.post("/v1/flux-pro-finetuned", { finetune_id: ft, prompt: "unsafe-output cat" });
    expect(out.status).toBe(200);
    const pending = await api.result(out.body.id ?? "");
    expect(pending.body.status).toBe("Pending");
    const done = await api.waitDone(out.body.id ?? "");
    expect(done.status).toBe("Content Moderated");
    expect(done.details).toHaveProperty("Moderation Reasons");
    expect((await api.get("/v1/credits")).body.credits).toBe(5);
  });

  it("429 past 24 unfinished tasks, with Retry-After", async () => {
    await api.control("POST", "credits", { credits: 100_000 });
    const [ft] = (await api.get("/v1/my_finetunes")).body.finetunes ?? [];
    // make inference slow enough to pile up: use finetunes (600 s training) as the unfinished tasks
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await api.createFinetune({ iterations: 100 }, 1));
    const res = await api.post("/v1/flux-pro-finetuned", { finetune_id: ft });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ detail: "Too many concurrent requests" });
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await api.complete(ids[0]!);
    expect((await api.post("/v1/flux-pro-finetuned", { finetune_id: ft })).status).toBe(200);
  });

  it("reset wipes state and can set credits", async () => {
    const res = await api.control("POST", "reset", { credits: 42 });
    expect(res.body).toEqual({ status: "ok", credits: 42 });
    expect((await api.get("/v1/my_finetunes")).body.finetunes).toEqual([]);
    expect((await api.get("/v1/credits")).body.credits).toBe(42);
  });
});

describe("training errors and progress", () => {
  let api: SimClient;
  beforeAll(async () => {
    const s = await launch({ SIMULATOR_TRAINING_SECONDS: "3", SIMULATOR_REPORT_PROGRESS: "1" });
    api = new SimClient(s.url);
  });

  it("reports progress 0..1 when SIMULATOR_REPORT_PROGRESS=1", async () => {
    const id = await api.createFinetune({ priority: "quality" });
    // The first answer that shows training under way.
    const mid = await waitFor("progress under way", async () => {
      const r = (await api.result(id)).body;
      return r.status !== "Pending" || Number(r.progress) > 0 ? r : null;
    });
    expect(mid.status).toBe("Pending");
    expect(mid.progress).toBeGreaterThan(0);
    expect(mid.progress).toBeLessThan(1);
    const done = await api.waitDone(id);
    expect(done).toMatchObject({ status: "Ready", progress: 1 });
  });

  it("an unusable dataset (all images under 64 px) ends in Error with the reason", async () => {
    const id = await api.createFinetune({}, 3, { width: 40, height: 40 });
    const done = await api.waitDone(id);
    expect(done.status).toBe("Error");
    expect(done.details).toEqual({ error: expect.stringMatching(/smaller than 64x64/) });
    expect(done.result).toEqual({ error: expect.stringMatching(/smaller than 64x64/) });
    expect((await api.post("/v1/flux-pro-finetuned", { finetune_id: id })).status).toBe(400);
  });

  it("a forced failure turns even a Ready finetune into Error", async () => {
    const id = await api.readyFinetune();
    const f = await api.control("POST", `finetunes/${id}/fail`, { reason: "GPU on fire" });
    expect(f.body).toMatchObject({ status: "Error", error: "GPU on fire" });
    expect((await api.result(id)).body).toMatchObject({ status: "Error", details: { error: "GPU on fire" } });
    expect((await api.control("POST", "finetunes/nope/fail", {})).status).toBe(404);
    expect((await api.control("POST", "tasks/nope/complete")).status).toBe(404);
  });
});

describe("persistence and regions", () => {
  it("survives a restart: finetunes, results, credits and training clocks", async () => {
    const dir = tempDir("sim-persist");
    const env = { SIMULATOR_TRAINING_SECONDS: "2", SIMULATOR_INFERENCE_SECONDS: "0" };
    const first = await launch(env, dir);
    const api1 = new SimClient(first.url);
    const ready = await api1.readyFinetune();
    const training = await api1.createFinetune();
    const gen = await api1.generate("flux-pro-finetuned", {
      finetune_id: ready,
      width: 256,
      height: 256,
      seed: 9,
    });
    const credits = (await api1.get("/v1/credits")).body.credits;
    await first.stop();
    expect(first.output()).toMatch(/SIGTERM, shutting down/);

    const second = await launch(env, dir);
    const api2 = new SimClient(second.url);
    expect((await api2.get("/v1/my_finetunes")).body.finetunes).toEqual([ready, training]);
    expect((await api2.get("/v1/credits")).body.credits).toBe(credits);
    expect((await api2.result(ready)).body.status).toBe("Ready");
    // the training clock kept running from the stored start time
    expect((await api2.waitDone(training, 5_000)).status).toBe("Ready");
    const again = await api2.result(gen.id);
    expect(again.body.result?.seed).toBe(9);
    const img = await fetch((again.body.result?.sample ?? "").replace(first.url, second.url));
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer()).equals(gen.image)).toBe(true);
  });

  it("a second instance is another region that knows nothing of the first", async () => {
    const [us, eu] = await startTogether([
      launch({ SIMULATOR_REGION: "us1" }),
      launch({ SIMULATOR_REGION: "eu1" }),
    ]);
    expect(await (await fetch(`${eu.url}/_simulator/health`)).json()).toEqual({
      status: "ok",
      region: "eu1",
      profile: "beta",
    });
    const id = await new SimClient(us.url).readyFinetune();
    const euApi = new SimClient(eu.url);
    expect((await euApi.get(`/v1/finetune_details?finetune_id=${id}`)).status).toBe(404);
    expect((await euApi.post("/v1/flux-pro-1.1-ultra-finetuned", { finetune_id: id })).status).toBe(400);
    expect((await euApi.result(id)).body.status).toBe("Task not found");
  });
});

describe("configuration", () => {
  it.each([
    [{ SIMULATOR_PORT: "abc" }, /SIMULATOR_PORT/],
    [{ SIMULATOR_REGION: "ap1" }, /SIMULATOR_REGION/],
    [{ SIMULATOR_TRAINING_SECONDS: "-1" }, /SIMULATOR_TRAINING_SECONDS/],
    [{ SIMULATOR_REPORT_PROGRESS: "maybe" }, /SIMULATOR_REPORT_PROGRESS/],
    [{ SIMULATOR_PROFILE: "prod" }, /SIMULATOR_PROFILE: must be "beta" .* or "live"/],
    [{ SIMULATOR_ERROR_SHARE: "2" }, /SIMULATOR_ERROR_SHARE/],
    [{ SIMULATOR_LORAS: "My Lora:klein-9b:fp8" }, /SIMULATOR_LORAS: "My Lora" is not a LoRA name/],
    [
      { SIMULATOR_LORAS: "a-lora:klein-9b" },
      /SIMULATOR_LORAS: "a-lora:klein-9b" must be name:base-model:precision/,
    ],
    [{ SIMULATOR_LORAS: "a-lora:klein-4b:bf16" }, /no klein endpoint for klein-4b in bf16/],
    [{ SIMULATOR_LORAS: "a:klein-9b:fp8,a:klein-4b:fp8" }, /"a" is listed twice/],
  ])("a bad env value exits with a clear message (%o)", (env, pattern) => {
    const root = path.resolve(import.meta.dirname, "../..");
    const dir = tempDir("sim-cfg");
    const r = spawnSync(process.execPath, ["--import", "tsx", "lib/simulator/main.ts"], {
      cwd: root,
      env: { ...process.env, SIMULATOR_DATA_DIR: dir, ...env },
      encoding: "utf8",
      timeout: 20_000,
    });
    removeDir(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Invalid simulator environment/);
    expect(r.stderr).toMatch(pattern);
  });
});
