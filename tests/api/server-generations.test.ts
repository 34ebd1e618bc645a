import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finetuneEnvelopeSchema, generationEnvelopeSchema, generationListSchema } from "@/lib/api/types";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import {
  call,
  callParsed,
  clearSim,
  datasetZip,
  expectError,
  FAST_SIM_ENV,
  finetuneForm,
  photo,
  readyFinetune,
  simStats,
  ULTRA,
  waitGeneration,
} from "./server-helpers";

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let ft: Json;
let control: string;

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url });
  ft = await readyFinetune(dash, sim);
  control = Buffer.from(await photo(512, 384, 3, "png")).toString("base64");
});

afterAll(() => stopServers(dash, sim));

const post = (body: Json) =>
  callParsed(generationEnvelopeSchema, dash.url, "/api/generations", { method: "POST", json: body });

describe("POST /api/generations on every endpoint", () => {
  it("stores each result with the right type, a thumbnail and params without images", async () => {
    const bodies: Json[] = [
      { endpoint: ULTRA, prompt: "TOK, studio light", aspect_ratio: "1:1", output_format: "png", seed: 7 },
      { endpoint: "flux-pro-finetuned", prompt: "TOK", width: 512, height: 384, steps: 10 },
      { endpoint: "flux-pro-1.0-depth-finetuned", prompt: "TOK", control_image: control, steps: 15 },
      {
        endpoint: "flux-pro-1.0-canny-finetuned",
        prompt: "TOK",
        control_image: `data:image/png;base64,${control}`,
      },
      {
        endpoint: "flux-pro-1.0-fill-finetuned",
        prompt: "TOK",
        image: control,
        mask: control,
        sweep_id: "s1",
      },
    ];
    const created = await Promise.all(
      bodies.map((b) => post({ ...b, finetune_id: ft.id, finetune_strength: 0.8 })),
    );
    for (const c of created) expect(c.status, c.text).toBe(202);
    for (const [i, c] of created.entries()) {
      const g = await waitGeneration(dash, String(c.body.generation.id));
      expect(g.status, JSON.stringify(g.error)).toBe("Ready");
      expect(g).toMatchObject({ endpoint: bodies[i]?.endpoint, finetune_strength: 0.8, finetune_id: ft.id });
      expect(JSON.stringify(g.params)).not.toContain(control.slice(0, 40));
      const img = await fetch(`${dash.url}${String(g.image_url)}`);
      expect(img.status).toBe(200);
      expect(img.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(img.headers.get("content-type")).toBe(i === 0 ? "image/png" : "image/jpeg");
      const bytes = Buffer.from(await img.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe(i === 0 ? "png" : "jpeg");
      expect([meta.width, meta.height]).toEqual([g.width, g.height]);
      const th = await fetch(`${dash.url}${String(g.thumbnail_url)}`);
      expect(th.headers.get("content-type")).toBe("image/webp");
      const tm = await sharp(Buffer.from(await th.arrayBuffer())).metadata();
      expect(Math.max(tm.width ?? 0, tm.height ?? 0)).toBeLessThanOrEqual(384);
    }
    const first = await waitGeneration(dash, String(created[0]?.body.generation.id));
    expect(first).toMatchObject({ seed: 7, cost: 7, output_format: "png", inputs: [] });
    const fill = await waitGeneration(dash, String(created[4]?.body.generation.id));
    expect(fill).toMatchObject({ inputs: ["image", "mask"], sweep_id: "s1" });
    expect((await waitGeneration(dash, String(created[1]?.body.generation.id))).width).toBe(512);
  });

  it("polls BFL once per task however many browsers watch", async () => {
    await clearSim(sim);
    const c = await post({ endpoint: ULTRA, finetune_id: ft.id, prompt: "watched by many" });
    const id = String(c.body.generation.id);
    let final: Json | undefined;
    while (!final) {
      const views = await Promise.all(
        Array.from({ length: 20 }, () =>
          callParsed(generationEnvelopeSchema, dash.url, `/api/generations/${id}`),
        ),
      );
      const g = views[0]?.body.generation;
      if (g?.status === "Ready") final = g;
      else await new Promise((r) => setTimeout(r, 100));
    }
    const polls = Object.values((await simStats(sim)).get_result).reduce((a, b) => a + b, 0);
    // 0.5 s of simulated work polled every 0.5 s: a handful of polls, not one per browser request.
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThanOrEqual(4);
  });

  it("reports moderation as its own status", async () => {
    const c = await post({ endpoint: ULTRA, finetune_id: ft.id, prompt: "please moderate-me now" });
    expect(c.status).toBe(202);
    const g = await waitGeneration(dash, String(c.body.generation.id));
    expect(g.status).toBe("Request Moderated");
    expect(g.image_url).toBeNull();
    expect((g.error as Json).code).toBe("request_moderated");
  });
});

describe("POST /api/generations validation", () => {
  it("names the wrong field and never reaches BFL", async () => {
    await clearSim(sim);
    expectError(
      await post({ endpoint: "flux-dev", finetune_id: ft.id }),
      422,
      "validation_failed",
      /endpoint/,
    );
    expectError(await post({ endpoint: ULTRA }), 422, "validation_failed", /finetune_id/);
    expectError(
      await post({ endpoint: "flux-pro-finetuned", finetune_id: ft.id, width: 500 }),
      422,
      "validation_failed",
      /width/,
    );
    expectError(
      await post({ endpoint: ULTRA, finetune_id: ft.id, finetune_strength: 3 }),
      422,
      "validation_failed",
      /finetune_strength/,
    );
    expectError(
      await post({ endpoint: "flux-pro-1.0-depth-finetuned", finetune_id: ft.id, prompt: "x" }),
      422,
      "validation_failed",
      /control_image/,
    );
    const text = Buffer.from("not an image at all").toString("base64");
    expectError(
      await post({
        endpoint: "flux-pro-1.0-canny-finetuned",
        finetune_id: ft.id,
        prompt: "x",
        control_image: text,
      }),
      422,
      "validation_failed",
      /control_image/,
    );
    const small = Buffer.from(await photo(64, 64, 1, "png")).toString("base64");
    expectError(
      await post({
        endpoint: "flux-pro-1.0-fill-finetuned",
        finetune_id: ft.id,
        image: control,
        mask: small,
      }),
      422,
      "validation_failed",
      /mask/,
    );
    expectError(await post({ endpoint: ULTRA, finetune_id: "no-such-finetune" }), 404, "not_found");
    expectError(
      await post({ endpoint: ULTRA, finetune_id: "../../x" }),
      422,
      "validation_failed",
      /finetune_id/,
    );
    const stats = await simStats(sim);
    expect(Object.keys(stats.method_paths).filter((k) => k.startsWith("POST"))).toEqual([]);
  });

  it("answers 400 for broken JSON and 413 for a body over 40 MB", async () => {
    const broken = await call(dash.url, "/api/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    expectError(broken, 400, "bad_request", /JSON/);
    expectError(await call(dash.url, "/api/generations", { method: "POST", body: "x" }), 400, "bad_request");
    const huge = JSON.stringify({
      endpoint: ULTRA,
      finetune_id: ft.id,
      image_prompt: "A".repeat(41 * 1024 * 1024),
    });
    const big = await call(dash.url, "/api/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: huge,
    });
    expectError(big, 413, "payload_too_large", /40 MB/);
  });

  it("refuses a finetune that is still training with 409 before calling BFL", async () => {
    const created = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(1), { finetune_comment: "slow", mode: "style", iterations: 1000 }),
    });
    expect(created.status).toBe(201);
    await clearSim(sim);
    const a = await post({ endpoint: ULTRA, finetune_id: created.body.finetune.id });
    expectError(a, 409, "bfl_finetune_not_ready", /Pending/);
    expect((await simStats(sim)).method_paths[`POST /v1/${ULTRA}`]).toBeUndefined();
  });
});

describe("GET /api/generations", () => {
  it("lists newest first, filters and pages with a cursor", async () => {
    const all = await call<{ generations: Json[]; next_cursor: string | null }>(dash.url, "/api/generations");
    expect(all.status).toBe(200);
    const ids = all.body.generations.map((g) => g.id);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const times = all.body.generations.map((g) => String(g.created_at));
    expect([...times].sort().reverse()).toEqual(times);
    const page1 = await call<{ generations: Json[]; next_cursor: string }>(
      dash.url,
      "/api/generations?limit=2",
    );
    expect(page1.body.generations.map((g) => g.id)).toEqual(ids.slice(0, 2));
    const page2 = await callParsed(
      generationListSchema,
      dash.url,
      `/api/generations?limit=2&before=${page1.body.next_cursor}`,
    );
    expect(page2.body.generations.map((g) => g.id)).toEqual(ids.slice(2, 4));
    const fills = await callParsed(
      generationListSchema,
      dash.url,
      "/api/generations?endpoint=flux-pro-1.0-fill-finetuned",
    );
    expect(fills.body.generations.every((g) => g.endpoint === "flux-pro-1.0-fill-finetuned")).toBe(true);
    const byFt = await callParsed(
      generationListSchema,
      dash.url,
      `/api/generations?finetune_id=${String(ft.id)}`,
    );
    expect(byFt.body.generations.length).toBe(ids.length);
    const none = await callParsed(generationListSchema, dash.url, "/api/generations?finetune_id=other");
    expect(none.body.generations).toEqual([]);
    expectError(await call(dash.url, "/api/generations?limit=0"), 400, "bad_request", /limit/);
    expectError(await call(dash.url, "/api/generations?endpoint=x"), 400, "bad_request", /endpoint/);
    expectError(await call(dash.url, "/api/generations?before=abc"), 400, "bad_request", /before/);
  });

  it("deletes a generation with its files; junk ids get 400", async () => {
    const list = await callParsed(generationListSchema, dash.url, "/api/generations?limit=1");
    const id = String(list.body.generations[0]?.id);
    expect((await call(dash.url, `/api/generations/${id}`, { method: "DELETE" })).status).toBe(200);
    expectError(await call(dash.url, `/api/generations/${id}`), 404, "not_found");
    expectError(await call(dash.url, `/api/generations/${id}/image`), 404, "not_found");
    expectError(await call(dash.url, `/api/generations/${id}`, { method: "DELETE" }), 404, "not_found");
    for (const junk of ["..%2F..%2Fstudio.db", "abc", "%2e%2e", "..", "x%00y"]) {
      const a = await call(dash.url, `/api/generations/${junk}/image`);
      expect([400, 404], junk).toContain(a.status);
      expect(typeof a.body?.code, junk).toBe("string");
    }
    expectError(await call(dash.url, "/api/generations/abc"), 400, "bad_request", /generation id/);
  });
});
