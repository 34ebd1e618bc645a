import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeJpeg, makeMask, toBase64 } from "../fixtures/images";
import { expectPendingBeforeEnd, SIM_KEY, SimClient } from "../fixtures/simulator-client";
import { makeDatasetZip } from "../fixtures/zips";
import { type RunningServer, removeDir, startSimulator } from "../helpers/servers";

/** Every /v1 route over real HTTP: answers shaped like BFL's, auth, 404/405. */

let sim: RunningServer & { dataDir: string };
let api: SimClient;

beforeAll(async () => {
  sim = await startSimulator({
    env: { SIMULATOR_TRAINING_SECONDS: "1", SIMULATOR_INFERENCE_SECONDS: "0.2" },
  });
  api = new SimClient(sim.url);
});
afterAll(async () => {
  await sim?.stop();
  removeDir(sim.dataDir);
});

describe("health and auth", () => {
  it("answers health without a key", async () => {
    const res = await fetch(`${sim.url}/_simulator/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", region: "us1", profile: "beta" });
  });

  it.each([
    ["missing", {}],
    ["wrong", { "x-key": "nope" }],
    ["empty", { "x-key": "" }],
  ])("refuses a %s key with BFL's 403 on every /v1 route", async (_, headers) => {
    for (const [method, path] of [
      ["GET", "/v1/my_finetunes"],
      ["GET", "/v1/get_result?id=x"],
      ["GET", "/v1/finetune_details?finetune_id=x"],
      ["POST", "/v1/finetune"],
      ["POST", "/v1/delete_finetune"],
      ["POST", "/v1/flux-pro-finetuned"],
    ]) {
      const res = await fetch(`${sim.url}${path}`, {
        method,
        headers,
        body: method === "POST" ? "{}" : undefined,
      });
      expect(res.status, path).toBe(403);
      expect(await res.json()).toEqual({ detail: "Not authenticated - Invalid Authentication" });
    }
  });

  it("accepts the key header in any case (X-Key, x-key, X-KEY)", async () => {
    for (const name of ["X-Key", "x-key", "X-KEY"]) {
      const res = await fetch(`${sim.url}/v1/my_finetunes`, { headers: { [name]: SIM_KEY } });
      expect(res.status, name).toBe(200);
    }
  });

  it("answers unknown paths 404 and wrong methods 405 like FastAPI", async () => {
    const nf = await api.get("/v1/nope");
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ detail: "Not Found" });
    const na = await api.get("/v1/finetune");
    expect(na.status).toBe(405);
    expect(na.body).toEqual({ detail: "Method Not Allowed" });
    expect(na.headers.get("allow")).toBe("POST");
  });
});

describe("finetune lifecycle routes", () => {
  let finetuneId = "";

  it("POST /v1/finetune answers finetune_id, id and polling_url", async () => {
    const zip = await makeDatasetZip(6);
    const res = await api.post("/v1/finetune", {
      file_data: toBase64(zip),
      finetune_comment: "my cat",
      mode: "character",
      trigger_word: "mycat",
      finetune_type: "lora",
      iterations: 150,
      lora_rank: 16,
      priority: "speed",
      captioning: false,
    });
    expect(res.status).toBe(200);
    finetuneId = res.body.finetune_id ?? "";
    expect(finetuneId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.id).toBe(finetuneId);
    expect(res.body.polling_url).toBe(`${sim.url}/v1/get_result?id=${finetuneId}`);
  });

  it("get_result shows Pending with null result and progress while training", async () => {
    const res = await api.result(finetuneId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: finetuneId, status: "Pending", result: null, progress: null });
  });

  it("finetune_details returns the parameters (learning rate defaulted for lora)", async () => {
    const res = await api.get(`/v1/finetune_details?finetune_id=${finetuneId}`);
    expect(res.status).toBe(200);
    expect(res.body.finetune_details).toEqual({
      finetune_comment: "my cat",
      trigger_word: "mycat",
      mode: "character",
      finetune_type: "lora",
      lora_rank: 16,
      iterations: 150,
      learning_rate: 1e-4,
      priority: "speed",
      captioning: false,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("finetune_details: 404 for an unknown id, 422 without the parameter", async () => {
    const res = await api.get("/v1/finetune_details?finetune_id=unknown");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Finetune not found or access denied" });
    const missing = await api.get("/v1/finetune_details");
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([
      { loc: ["query", "finetune_id"], msg: "Field required", type: "missing" },
    ]);
  });

  it("my_finetunes lists the finetune", async () => {
    const res = await api.get("/v1/my_finetunes");
    expect(res.status).toBe(200);
    expect(res.body.finetunes).toContain(finetuneId);
  });

  it("becomes Ready after the training time", async () => {
    const done = await api.waitDone(finetuneId, 5_000);
    expect(done).toEqual({ id: finetuneId, status: "Ready", result: null, progress: null });
  });

  it("runs inference on every endpoint and serves the image", async () => {
    const control = toBase64(await makeJpeg(320, 224, 7));
    const cases: [string, Record<string, unknown>, { w: number; h: number; fmt: string }][] = [
      ["flux-pro-1.1-ultra-finetuned", { aspect_ratio: "1:1" }, { w: 1024, h: 1024, fmt: "jpeg" }],
      [
        "flux-pro-finetuned",
        { width: 512, height: 256, output_format: "png" },
        { w: 512, h: 256, fmt: "png" },
      ],
      [
        "flux-pro-1.0-depth-finetuned",
        { prompt: "p", control_image: control },
        { w: 320, h: 224, fmt: "jpeg" },
      ],
      [
        "flux-pro-1.0-canny-finetuned",
        { prompt: "p", control_image: control },
        { w: 320, h: 224, fmt: "jpeg" },
      ],
      [
        "flux-pro-1.0-fill-finetuned",
        {
          image: control,
          mask: toBase64(await makeMask(320, 224, { left: 10, top: 10, width: 50, height: 50 })),
        },
        { w: 320, h: 224, fmt: "jpeg" },
      ],
    ];
    const sharp = (await import("sharp")).default;
    for (const [endpoint, body, want] of cases) {
      const sub = await api.post(`/v1/${endpoint}`, {
        finetune_id: finetuneId,
        prompt: "a TOK",
        seed: 1,
        ...body,
      });
      expect(sub.status, endpoint).toBe(200);
      expect(Object.keys(sub.body).sort()).toEqual(["id", "polling_url"]);
      const first = await api.timedResult(sub.body.id ?? "");
      const done = await api.waitDone(sub.body.id ?? "", 5_000);
      expect(done.status).toBe("Ready");
      expectPendingBeforeEnd(first, done.result?.end_time);
      expect(done.result).toMatchObject({ prompt: body.prompt ?? "a TOK", seed: 1 });
      expect(done.result?.sample).toMatch(
        new RegExp(`^${sim.url}/_simulator/results/${sub.body.id}/sample\\.${want.fmt}\\?se=.*&sig=`),
      );
      const img = await fetch(done.result?.sample ?? "");
      expect(img.status).toBe(200);
      expect(img.headers.get("content-type")).toBe(`image/${want.fmt}`);
      const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
      expect({ w: meta.width, h: meta.height, fmt: meta.format }, endpoint).toEqual(want);
    }
  });

  it("inference on an unknown finetune → 400", async () => {
    const res = await api.post("/v1/flux-pro-1.1-ultra-finetuned", { finetune_id: "nope" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: "Finetune not found or not ready" });
  });

  it("the fill mask must be the image's size (422 naming both sizes); nothing is charged", async () => {
    const res = await api.post("/v1/flux-pro-1.0-fill-finetuned", {
      finetune_id: finetuneId,
      image: toBase64(await makeJpeg(320, 224, 7)),
      mask: toBase64(await makeMask(160, 112, { left: 0, top: 0, width: 10, height: 10 })),
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      {
        loc: ["body", "mask"],
        msg: "mask is 160x112 pixels but image is 320x224; the mask must be the same size as the image",
        type: "value_error",
      },
    ]);
  });

  it("the beta has no klein endpoints (404) and no second listener", async () => {
    const res = await api.post("/v1/flux-2-klein-9b-finetuned", {
      finetune_id: "my-style-lora",
      prompt: "p",
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not Found" });
    const health = await (await fetch(`${sim.url}/_simulator/health`)).json();
    expect(health.poll_url).toBeUndefined();
  });

  it("prompt words end a task as Error answered 503 or 422 in the beta too (not charged)", async () => {
    for (const [word, status] of [
      ["error-503", 503],
      ["error-422", 422],
    ] as const) {
      const sub = await api.post("/v1/flux-pro-finetuned", { finetune_id: finetuneId, prompt: word });
      expect(sub.body.polling_url).toBe(`${sim.url}/v1/get_result?id=${sub.body.id}`);
      await api.complete(sub.body.id ?? "");
      const res = await api.result(sub.body.id ?? "");
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({
        status: "Error",
        result: null,
        details: { error: expect.any(String) },
      });
    }
  });

  it("get_result of an unknown id says Task not found", async () => {
    const res = await api.result("00000000-0000-0000-0000-000000000000");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "Task not found", result: null });
    expect((await api.get("/v1/get_result")).status).toBe(422);
  });

  it.each(["toString", "constructor", "__proto__", "valueOf", "hasOwnProperty"])(
    "an id named like a built-in property (%s) is just an unknown id",
    async (id) => {
      const q = encodeURIComponent(id);
      const details = await api.get(`/v1/finetune_details?finetune_id=${q}`);
      expect(details.status).toBe(404);
      expect(details.body).toEqual({ detail: "Finetune not found or access denied" });
      expect((await api.result(id)).body).toMatchObject({ id, status: "Task not found", result: null });
      const del = await api.post("/v1/delete_finetune", { finetune_id: id });
      expect(del.status).toBe(404);
      const gen = await api.post("/v1/flux-pro-finetuned", { finetune_id: id, prompt: "x" });
      expect(gen.status).toBe(400);
      expect((await api.control("POST", `tasks/${q}/complete`)).status).toBe(404);
      expect((await api.control("POST", `finetunes/${q}/fail`)).status).toBe(404);
      const stats = await api.control<{ get_result: Record<string, number> }>("GET", "stats");
      expect(Object.hasOwn(stats.body.get_result, id), "counted under its own key").toBe(true);
      expect(stats.body.get_result[id]).toBeGreaterThanOrEqual(1);
    },
  );

  it("GET /v1/credits reports the balance after charges", async () => {
    const res = await api.get("/v1/credits");
    // 400 for training (150 iterations) + 7 + 6 + 6 + 6 + 6
    expect(res.body.credits).toBe(1_000_000 - 400 - 31);
  });

  it("delete_finetune removes it; then details 404 and inference 400", async () => {
    const res = await api.post("/v1/delete_finetune", { finetune_id: finetuneId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "success",
      deleted_finetune_id: finetuneId,
      message: expect.stringContaining(finetuneId),
      timestamp: expect.any(String),
    });
    expect((await api.get(`/v1/finetune_details?finetune_id=${finetuneId}`)).status).toBe(404);
    expect((await api.get("/v1/my_finetunes")).body.finetunes).not.toContain(finetuneId);
    expect((await api.post("/v1/flux-pro-finetuned", { finetune_id: finetuneId })).status).toBe(400);
    expect((await api.post("/v1/delete_finetune", { finetune_id: finetuneId })).status).toBe(404);
    expect((await api.result(finetuneId)).body.status).toBe("Task not found");
  });

  it("logs one line per request without the key", () => {
    expect(sim.output()).toMatch(/POST \/v1\/finetune 200 \d+ms/);
    expect(sim.output()).not.toContain(SIM_KEY);
  });
});
