import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { generationEnvelopeSchema } from "@/lib/api/types";
import {
  BFL_TODAY_KEY,
  type BflToday,
  LEGACY_ID,
  startBflToday,
  type Task,
} from "../fixtures/bfl-today-standin";
import { type RunningServer, startDashboard, stopServers } from "../helpers/servers";
import { call, callParsed, expectError, waitFor, waitGeneration } from "./server-helpers";

/**
 * The dashboard against an independent stand-in of BFL as it is today (tests/fixtures/bfl-today-standin.ts):
 * LoRAs listed by name, tasks on a regional host, a Generating phase, 503 Error bodies, retired endpoints.
 */

type Json = Record<string, unknown>;
const POLL_MS = 500; // the dashboard's image poll interval (lib/server/tracker.ts)

let bfl: BflToday;
let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  bfl = await startBflToday();
  dash = await startDashboard({
    bflUrl: bfl.globalUrl,
    env: { BFL_API_KEY: BFL_TODAY_KEY, BFL_NOT_FOUND_GIVE_UP_MS: "4000" },
  });
  return async () => {
    await stopServers(dash);
    await bfl.close();
  };
});

const generate = (json: Json) =>
  callParsed(generationEnvelopeSchema, dash.url, "/api/generations", { method: "POST", json });

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
    bfl.phaseMs = 3_000; // a 12 s phase in the issue; shortened here, the same code path
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
        const g = (await callParsed(generationEnvelopeSchema, dash.url, `/api/generations/${id}`)).body
          .generation;
        return g.bfl_status === "Generating" ? g : null;
      });
      expect(mid.status).toBe("Pending");
      const g = await waitGeneration(dash, id, 30_000);
      expect(g.status).toBe("Ready");
      const task = [...bfl.tasks.values()].find((t) => t.phaseMs === 3_000) as Task;
      const phaseEnd = task.createdAt + task.phaseMs;
      expect(task.firstReadyAt).not.toBeNull();
      expect((task.firstReadyAt as number) - phaseEnd).toBeLessThanOrEqual(2 * POLL_MS);
      // One call per poll: no retries of an unknown status (before: 4 calls per poll and backoff).
      const pollsNeeded = Math.ceil(((task.firstReadyAt as number) - task.createdAt) / POLL_MS);
      expect(task.polls).toBeLessThanOrEqual(pollsNeeded + 1);
      expect(task.polls).toBeGreaterThanOrEqual(Math.floor(task.phaseMs / POLL_MS / 2));
    } finally {
      bfl.phaseMs = 300;
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
    const before = bfl.seen.filter((s) => s === "POST /v1/flux-pro-finetuned").length;
    const a = await generate({ endpoint: "flux-pro-finetuned", finetune_id: LEGACY_ID, prompt: "x" });
    expectError(a, 410, "bfl_retired", /no longer serves \/v1\/flux-pro-finetuned.*Ultra/);
    expect(bfl.seen.filter((s) => s === "POST /v1/flux-pro-finetuned").length).toBe(before);
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
    expect(bfl.seen.filter((s) => s === "POST /v1/flux-pro-1.0-fill-finetuned")).toHaveLength(1);
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
