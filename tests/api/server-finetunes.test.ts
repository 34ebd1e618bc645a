import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finetuneEnvelopeSchema, finetuneListSchema, generationEnvelopeSchema } from "@/lib/api/types";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import {
  type Answer,
  call,
  callParsed,
  clearSim,
  datasetZip,
  expectError,
  FAST_SIM_ENV,
  FINETUNE_PARAMS,
  finetuneForm,
  readyFinetune,
  simStats,
  ULTRA,
  waitGeneration,
} from "./server-helpers";

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  // A short list cache, so a finetune made at BFL shows without waiting out the default 5 s.
  dash = await startDashboard({ bflUrl: sim.url, env: { BFL_LIST_TTL_MS: "1000" } });
});

afterAll(() => stopServers(dash, sim));

describe("POST /api/finetunes", () => {
  it("stores the dataset, submits it once and follows training to Ready", async () => {
    await clearSim(sim);
    const zip = await datasetZip(3);
    const created = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(zip),
    });
    expect(created.status, created.text).toBe(201);
    const ft = created.body.finetune;
    expect(ft).toMatchObject({ status: "Pending", source: "dashboard", image_count: 3, has_dataset: true });
    expect(ft.learning_rate).toBe(1e-5);
    expect((await simStats(sim)).method_paths["POST /v1/finetune"]).toBe(1);

    const images = await call<{ images: Json[] }>(dash.url, `/api/finetunes/${String(ft.id)}/images`);
    expect(images.body.images).toHaveLength(3);
    expect(images.body.images[0]).toMatchObject({
      index: 0,
      name: "photo-0.jpg",
      caption: "a photo of TOK, number 0",
    });
    expect(images.body.images[0]).toMatchObject({ width: 320, height: 240 });
    const full = await fetch(`${dash.url}${String(images.body.images[1]?.url)}`);
    expect(full.headers.get("content-type")).toBe("image/jpeg");
    const thumb = await fetch(`${dash.url}${String(images.body.images[1]?.thumbnail_url)}`);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    const stored = await fetch(`${dash.url}/api/finetunes/${String(ft.id)}/dataset`);
    expect(stored.headers.get("content-disposition")).toMatch(/attachment/);
    expect(Buffer.from(await stored.arrayBuffer()).equals(Buffer.from(zip))).toBe(true);

    await fetch(`${sim.url}/_simulator/tasks/${String(ft.bfl_id)}/complete`, { method: "POST" });
    const ready = await readyFinetuneStatus(String(ft.id));
    expect(ready.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: "Pending" }),
        expect.objectContaining({ status: "Ready" }),
      ]),
    );
    const list = await callParsed(finetuneListSchema, dash.url, "/api/finetunes");
    expect(list.body.finetunes.filter((f) => f.id === ft.id)).toHaveLength(1);
    // BFL lists it under its own id; the dashboard must not show it twice.
    expect(list.body.finetunes.some((f) => f.id === ft.bfl_id && f.id !== ft.id)).toBe(false);
  });

  it("refuses a bad dataset with 422 naming the file, and submits nothing", async () => {
    await clearSim(sim);
    const fake = await datasetZip(2, { "notes.jpg": "this is text, not a photo" });
    const a = await call(dash.url, "/api/finetunes", { method: "POST", body: finetuneForm(fake) });
    expectError(a, 422, "invalid_dataset", /notes\.jpg/);
    const corrupt = await call(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(new TextEncoder().encode("PK not really a zip")),
    });
    expectError(corrupt, 422, "invalid_dataset", /ZIP/);
    const empty = await call(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(0)),
    });
    expectError(empty, 422, "invalid_dataset", /no images/);
    expect((await simStats(sim)).method_paths["POST /v1/finetune"]).toBeUndefined();
  });

  it("validates params and the form itself", async () => {
    const zip = await datasetZip(1);
    const badIter = await call(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(zip, { ...FINETUNE_PARAMS, iterations: 5 }),
    });
    expectError(badIter, 422, "validation_failed", /iterations/);
    const noMode = await call(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(zip, { finetune_comment: "x" }),
    });
    expectError(noMode, 422, "validation_failed", /mode/);
    const notJson = await call(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(zip, "{oops"),
    });
    expectError(notJson, 400, "bad_request", /params/);
    const noFile = new FormData();
    noFile.set("params", JSON.stringify(FINETUNE_PARAMS));
    expectError(
      await call(dash.url, "/api/finetunes", { method: "POST", body: noFile }),
      422,
      "validation_failed",
      /dataset/,
    );
    expectError(
      await call(dash.url, "/api/finetunes", { method: "POST", json: {} }),
      400,
      "bad_request",
      /multipart/,
    );
  });

  it("answers 413 for an upload over the limit, declared or streamed", async () => {
    const declared = await fetch(`${dash.url}/api/finetunes`, {
      method: "POST",
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(400 * 1024 * 1024),
      },
      body: new Uint8Array(1024),
    }).catch(() => null);
    // undici refuses a mismatching content-length itself; the streamed case below is the real check.
    if (declared) expect([400, 413]).toContain(declared.status);
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 170) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${dash.url}/api/finetunes`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const body = (await res.json()) as Json;
    expect(res.status).toBe(413);
    expect(body.code).toBe("payload_too_large");
    expect(String(body.message)).toMatch(/150 MB/);
  });
});

async function readyFinetuneStatus(id: string): Promise<Json> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const r = await callParsed(finetuneEnvelopeSchema, dash.url, `/api/finetunes/${id}`);
    if (r.body.finetune?.status === "Ready") return r.body.finetune;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error("finetune never Ready");
}

describe("GET /api/finetunes pages", () => {
  it("pages with limit and next_cursor through the same list, newest first, LoRAs on the first page", async () => {
    for (let i = 0; i < 3; i++) {
      const created = await call(dash.url, "/api/finetunes", {
        method: "POST",
        body: finetuneForm(await datasetZip(1), { ...FINETUNE_PARAMS, finetune_comment: `page ${i}` }),
      });
      expect(created.status, created.text).toBe(201);
    }
    type Page = { finetunes: Json[]; loras: Json[]; next_cursor: string | null; total: number };
    const whole = await call<Page>(dash.url, "/api/finetunes?limit=500");
    expect(whole.body.next_cursor).toBeNull();
    expect(whole.body.total).toBe(whole.body.finetunes.length);
    expect(whole.body.total).toBeGreaterThanOrEqual(4);

    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page: Answer<Page> = await call<Page>(dash.url, `/api/finetunes?limit=2${qs}`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.finetunes.length).toBeLessThanOrEqual(2);
      expect(page.body.total).toBe(whole.body.total);
      if (pages > 0) expect(page.body.loras).toEqual([]);
      seen.push(...page.body.finetunes.map((f) => f.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBe(Math.ceil(whole.body.total / 2));
    expect(seen).toEqual(whole.body.finetunes.map((f) => f.id));

    const first = await call<Page>(dash.url, "/api/finetunes");
    expect(first.body.finetunes.length).toBe(Math.min(50, whole.body.total));
    expectError(await call(dash.url, "/api/finetunes?cursor=nonsense"), 400, "bad_request", /cursor/);
    expectError(await call(dash.url, "/api/finetunes?limit=0"), 400, "bad_request", /limit/);
    expectError(await call(dash.url, "/api/finetunes?limit=501"), 400, "bad_request", /limit/);
  });
});

describe("DELETE /api/finetunes/{id}", () => {
  it("deletes at BFL and locally; generations stay, flagged", async () => {
    const ft = await readyFinetune(dash, sim, "to delete");
    const gen = await callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: ft.id, prompt: "TOK on a table" },
    });
    expect(gen.status, gen.text).toBe(202);
    await waitGeneration(dash, String(gen.body.generation.id));
    await clearSim(sim);
    const del = await call(dash.url, `/api/finetunes/${String(ft.id)}`, { method: "DELETE" });
    expect(del.status, del.text).toBe(200);
    expect((await simStats(sim)).method_paths["POST /v1/delete_finetune"]).toBe(1);
    expectError(await call(dash.url, `/api/finetunes/${String(ft.id)}`), 404, "not_found");
    expectError(await call(dash.url, `/api/finetunes/${String(ft.id)}/dataset`), 404, "not_found");
    const kept = await callParsed(
      generationEnvelopeSchema,
      dash.url,
      `/api/generations/${String(gen.body.generation.id)}`,
    );
    expect(kept.body.generation).toMatchObject({
      status: "Ready",
      finetune_deleted: true,
      finetune_comment: "to delete",
    });
    expect((await fetch(`${dash.url}/api/generations/${String(gen.body.generation.id)}/image`)).status).toBe(
      200,
    );
  });

  it("rejects junk ids with 400/404, never touching files", async () => {
    for (const path of [
      "/api/finetunes/..%2F..%2Fetc%2Fpasswd",
      "/api/finetunes/a.b",
      "/api/finetunes/%20x/dataset",
      "/api/finetunes/abc/images/-1",
      "/api/finetunes/abc/images/one/thumbnail",
    ]) {
      const a = await call(dash.url, path);
      expect([400, 404], path).toContain(a.status);
      expect(typeof a.body?.code, path).toBe("string");
    }
    expectError(await call(dash.url, "/api/finetunes/abc/images/one"), 400, "bad_request", /index/);
  });
});
