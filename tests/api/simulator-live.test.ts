import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageInfo, makeJpeg, makeMask, toBase64 } from "../fixtures/images";
import { issues, SimClient } from "../fixtures/simulator-client";
import { OwnServers, type RunningServer } from "../helpers/servers";

/**
 * The live profile over real HTTP: BFL as it answers today (retired paths, FLUX.2 [klein] LoRAs, a
 * regional polling listener, `Generating`, Error tasks answered 503/422, `cost`).
 */

const own = new OwnServers();
afterAll(() => own.stopAll());
const launch = (env: Record<string, string>, dataDir?: string) =>
  own.simulator({ profile: "live", env, dataDir });

const KLEIN_9B = "/v1/flux-2-klein-9b-finetuned";
const SEEDED: [string, string][] = [
  ["my-style-lora", "flux-2-klein-9b-finetuned"],
  ["tiny-4b", "flux-2-klein-4b-finetuned"],
  ["kv-fp8", "flux-2-klein-9b-kv-finetuned"],
  ["kv_bf16", "flux-2-klein-9b-kv-bf16-finetuned"],
  ["base-four", "flux-2-klein-base-4b-finetuned"],
  ["base-nine", "flux-2-klein-base-9b-finetuned"],
];
const LORAS = [
  "my-style-lora:klein-9b:fp8",
  "tiny-4b:klein-4b:fp8",
  "kv-fp8:klein-9b-kv:fp8",
  "kv_bf16:klein-9b-kv:bf16",
  "base-four:klein-base-4b:fp8",
  "base-nine:klein-base-9b:fp8",
  "acme-org/shared-lora:klein-9b:fp8",
].join(",");

describe("live profile", () => {
  let sim: RunningServer & { dataDir: string };
  let api: SimClient;
  let pollOrigin = "";

  beforeAll(async () => {
    sim = await launch({
      SIMULATOR_LORAS: LORAS,
      SIMULATOR_INFERENCE_SECONDS: "0.2",
      SIMULATOR_GENERATING_MS: "3000",
    });
    api = new SimClient(sim.url);
    const health = await (await fetch(`${sim.url}/_simulator/health`)).json();
    pollOrigin = health.poll_url;
  });

  it("health reports the profile and the regional listener on another port", async () => {
    const health = await (await fetch(`${sim.url}/_simulator/health`)).json();
    expect(health).toMatchObject({ status: "ok", profile: "live", region: "us1" });
    const poll = new URL(health.poll_url);
    expect(poll.hostname).toBe("127.0.0.1");
    expect(Number(poll.port)).toBeGreaterThan(0);
    expect(Number(poll.port)).not.toBe(sim.port);
  });

  it("retired paths answer 404 Not Found (any method, before auth); ultra and fill still serve", async () => {
    for (const path of [
      "/v1/finetune",
      "/v1/flux-pro-finetuned",
      "/v1/flux-pro-1.0-depth-finetuned",
      "/v1/flux-pro-1.0-canny-finetuned",
    ]) {
      const post = await api.post(path, { finetune_id: "x", prompt: "p" });
      expect(post.status, path).toBe(404);
      expect(post.body).toEqual({ detail: "Not Found" });
      expect((await fetch(`${sim.url}${path}`, { method: "POST", body: "{}" })).status, path).toBe(404);
      expect((await api.get(path)).status, path).toBe(404);
    }
    // Still routed: a bogus finetune is refused by the endpoint, not by the router.
    for (const path of ["/v1/flux-pro-1.1-ultra-finetuned", "/v1/flux-pro-1.0-fill-finetuned"]) {
      const res = await api.post(path, { finetune_id: "nope", image: toBase64(await makeJpeg(64, 64)) });
      expect(res.status, path).toBe(400);
    }
  });

  it("each klein endpoint serves the LoRA uploaded for its base model and precision", async () => {
    for (const [lora, endpoint] of SEEDED) {
      const res = await api.post(`/v1/${endpoint}`, {
        finetune_id: lora,
        prompt: "a cat",
        width: 256,
        height: 192,
      });
      expect(res.status, `${endpoint} ${res.text}`).toBe(200);
      expect(res.body.polling_url).toBe(`${pollOrigin}/v1/get_result?id=${res.body.id}`);
      expect(res.body.output_mp).toBe(0.05);
      expect(res.body.input_mp).toBe(0);
      expect(res.body.cost).toBe(endpoint.includes("4b") ? 1.4 : 1.5);
    }
  });

  it("any org-id/name is served on any klein endpoint; unknown names 404; a wrong endpoint is named", async () => {
    for (const endpoint of ["flux-2-klein-4b-finetuned", "flux-2-klein-base-9b-finetuned"]) {
      const shared = await api.post(`/v1/${endpoint}`, { finetune_id: "other-org/their_lora", prompt: "p" });
      expect(shared.status, shared.text).toBe(200);
    }
    const unknown = await api.post(KLEIN_9B, { finetune_id: "no-such-lora", prompt: "p" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: "Finetune not found or access denied" });

    const wrong = await api.post("/v1/flux-2-klein-4b-finetuned", {
      finetune_id: "my-style-lora",
      prompt: "p",
    });
    expect(wrong.status).toBe(422);
    expect(issues(wrong)[0]).toMatchObject({ loc: ["body", "finetune_id"], type: "value_error" });
    expect(issues(wrong)[0]?.msg).toContain("/v1/flux-2-klein-9b-finetuned");

    const seededShared = await api.post("/v1/flux-2-klein-4b-finetuned", {
      finetune_id: "acme-org/shared-lora",
      prompt: "p",
    });
    expect(seededShared.status).toBe(422);
  });

  it("klein requests are validated with the klein schema", async () => {
    const noPrompt = await api.post(KLEIN_9B, { finetune_id: "my-style-lora" });
    expect(noPrompt.status).toBe(422);
    expect(issues(noPrompt).map((i) => i.loc)).toContainEqual(["body", "prompt"]);
    const tiny = await api.post(KLEIN_9B, { finetune_id: "my-style-lora", prompt: "p", width: 32 });
    expect(issues(tiny).map((i) => i.loc)).toContainEqual(["body", "width"]);
    const notImage = await api.post(KLEIN_9B, {
      finetune_id: "my-style-lora",
      prompt: "p",
      input_image: "aGVsbG8=",
    });
    expect(notImage.status).toBe(422);
    expect(issues(notImage)[0]).toMatchObject({ loc: ["body", "input_image"], type: "value_error" });
  });

  it("my_finetunes lists the LoRAs by name; finetune_details of a LoRA answers 404", async () => {
    const legacy = await api.legacyFinetune();
    const list = await api.get("/v1/my_finetunes");
    expect(list.body.finetunes).toEqual([legacy, ...LORAS.split(",").map((e) => e.split(":")[0])]);
    const details = await api.get("/v1/finetune_details?finetune_id=my-style-lora");
    expect(details.status).toBe(404);
    expect(details.body).toEqual({ detail: "Finetune not found or access denied" });
    expect((await api.get(`/v1/finetune_details?finetune_id=${legacy}`)).body.finetune_details).toMatchObject(
      {
        finetune_comment: "from the beta",
      },
    );
  });

  it("a task is polled on the regional listener: Pending → Generating → Ready with cost; the API host answers 404", async () => {
    const ref = await makeJpeg(320, 240, 5);
    const sub = await api.post(KLEIN_9B, {
      finetune_id: "my-style-lora",
      prompt: "a cat",
      input_image: toBase64(ref),
      output_format: "webp",
      seed: 7,
    });
    expect(sub.status, sub.text).toBe(200);
    const id = sub.body.id ?? "";
    // No size asked: the reference image's size.
    expect(sub.body).toMatchObject({ input_mp: 0.08, output_mp: 0.08, cost: 1.5 });

    const global = await api.result(id);
    expect(global.status).toBe(404);
    expect(global.body).toEqual({ detail: "Not Found" });

    const seen: string[] = [];
    const deadline = Date.now() + 20_000;
    let last = await api.get(sub.body.polling_url ?? "");
    while (last.body.status === "Pending" || last.body.status === "Generating") {
      if (seen.at(-1) !== last.body.status) seen.push(String(last.body.status));
      if (Date.now() > deadline) throw new Error(`still ${last.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await api.get(sub.body.polling_url ?? "");
    }
    expect(seen).toContain("Generating");
    expect(seen.indexOf("Generating")).toBe(seen.length - 1);
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ status: "Ready", cost: 1.5, input_mp: 0.08, output_mp: 0.08 });
    expect(last.body.result?.duration).toBeCloseTo(3.2, 0);
    // The result link is on the API's origin, as the dashboard allows it.
    expect(new URL(last.body.result?.sample ?? "").origin).toBe(sim.url);
    const img = await fetch(last.body.result?.sample ?? "");
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/webp");
    expect(await imageInfo(Buffer.from(await img.arrayBuffer()))).toMatchObject({
      width: 320,
      height: 240,
      format: "webp",
    });
  });

  it("the LoRA and its strength change the image", async () => {
    const body = { prompt: "a cat", seed: 3, width: 128, height: 128 };
    const run = async (lora: string, strength: number) =>
      (
        await api.generate("flux-2-klein-9b-finetuned", {
          ...body,
          finetune_id: lora,
          finetune_strength: strength,
        })
      ).image;
    const a = await run("my-style-lora", 1);
    expect(Buffer.compare(a, await run("my-style-lora", 1))).toBe(0);
    expect(Buffer.compare(a, await run("my-style-lora", 2))).not.toBe(0);
    expect(Buffer.compare(a, await run("acme-org/shared-lora", 1))).not.toBe(0);
  });

  it("a legacy FLUX.1 finetune still works on ultra, its Ready carrying cost", async () => {
    const ft = await api.legacyFinetune();
    const sub = await api.post("/v1/flux-pro-1.1-ultra-finetuned", {
      finetune_id: ft,
      prompt: "x",
      aspect_ratio: "1:1",
    });
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ cost: 7, input_mp: 0, output_mp: 1.05 });
    expect(new URL(sub.body.polling_url ?? "").origin).toBe(pollOrigin);
    await api.complete(sub.body.id ?? "");
    const done = await api.get(sub.body.polling_url ?? "");
    expect(done.body).toMatchObject({ status: "Ready", cost: 7 });
  });

  it("prompt words end a task as Error answered 503 or 422, keeping the reason in details.error", async () => {
    for (const [word, status] of [
      ["error-503", 503],
      ["error-422", 422],
    ] as const) {
      const sub = await api.post(KLEIN_9B, { finetune_id: "my-style-lora", prompt: `a cat ${word}` });
      expect(sub.status).toBe(200);
      await api.complete(sub.body.id ?? "");
      const res = await api.get(sub.body.polling_url ?? "");
      expect(res.status, word).toBe(status);
      expect(res.body).toMatchObject({ id: sub.body.id, status: "Error", result: null });
      expect(String(res.body.details?.error)).toContain(`HTTP ${status}`);
    }
  });

  it("faults apply on both listeners", async () => {
    await api.control("POST", "faults", { kind: "503", path: "/v1/get_result", count: 1 });
    const sub = await api.post(KLEIN_9B, { finetune_id: "my-style-lora", prompt: "p" });
    const faulted = await api.get(sub.body.polling_url ?? "");
    expect(faulted.status).toBe(503);
    expect(faulted.body).toEqual({ detail: "Service Unavailable" });
    expect((await api.get(sub.body.polling_url ?? "")).status).toBe(200);

    await api.control("POST", "faults", { kind: "429", path: KLEIN_9B, retry_after: 3 });
    const limited = await api.post(KLEIN_9B, { finetune_id: "my-style-lora", prompt: "p" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    const stats = await api.control("GET", "stats");
    expect((stats.body.get_result as Record<string, number>)[sub.body.id ?? ""]).toBe(2);
  });

  it("the fill mask must match the image's size", async () => {
    const ft = await api.legacyFinetune();
    const image = toBase64(await makeJpeg(200, 160));
    const bad = await api.post("/v1/flux-pro-1.0-fill-finetuned", {
      finetune_id: ft,
      image,
      mask: toBase64(await makeMask(100, 80, { left: 0, top: 0, width: 10, height: 10 })),
    });
    expect(bad.status).toBe(422);
    expect(issues(bad)).toEqual([
      {
        loc: ["body", "mask"],
        msg: "mask is 100x80 pixels but image is 200x160; the mask must be the same size as the image",
        type: "value_error",
      },
    ]);
    const good = await api.post("/v1/flux-pro-1.0-fill-finetuned", {
      finetune_id: ft,
      image,
      mask: toBase64(await makeMask(200, 160, { left: 0, top: 0, width: 10, height: 10 })),
    });
    expect(good.status).toBe(200);
  });
});
