import JSZip from "jszip";
import sharp from "sharp";
import { expect } from "vitest";
import type { z } from "zod";
import {
  type Finetune,
  finetuneEnvelopeSchema,
  type Generation,
  generationEnvelopeSchema,
} from "@/lib/api/types";
import type { RunningServer } from "../helpers/servers";

/** Shared helpers of the dashboard back-end API tests (real HTTP, real simulator, real images). */

export const FAST_SIM_ENV = {
  SIMULATOR_INFERENCE_SECONDS: "0.5",
  SIMULATOR_TRAINING_SECONDS: "2",
};

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = Record<string, unknown>>(
  base: string,
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<Answer<T>> {
  const { json, ...rest } = init;
  const res = await fetch(`${base}${path}`, {
    ...rest,
    ...(json === undefined
      ? {}
      : { body: JSON.stringify(json), headers: { "content-type": "application/json", ...rest.headers } }),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

/**
 * `call`, with a 2xx body parsed by its `lib/api/types` schema: a body of the wrong shape fails the test
 * naming the field. An error answer's body is left as it came (`expectError` reads it).
 */
export async function callParsed<S extends z.ZodType>(
  schema: S,
  base: string,
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<Answer<z.infer<S>>> {
  const a = await call(base, path, init);
  return { ...a, body: a.status < 300 ? schema.parse(a.body) : (a.body as z.infer<S>) };
}

/** Assert a dashboard error: the status, the code and a message that is plain text. */
export function expectError(a: Answer, status: number, code: string, messagePart?: RegExp): void {
  expect({ status: a.status, code: a.body?.code }).toEqual({ status, code });
  expect(typeof a.body.message).toBe("string");
  if (messagePart) expect(String(a.body.message)).toMatch(messagePart);
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

export async function photo(width: number, height: number, seed: number, format: "jpeg" | "png" = "jpeg") {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * (seed + 7) + Math.floor(i / width) * 13) % 251;
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  return new Uint8Array(await (format === "png" ? img.png() : img.jpeg({ quality: 85 })).toBuffer());
}

export async function datasetZip(
  count = 3,
  extra: Record<string, Uint8Array | string> = {},
): Promise<Uint8Array> {
  const zip = new JSZip();
  for (let i = 0; i < count; i++) {
    zip.file(`photo-${i}.jpg`, await photo(320, 240, i));
    zip.file(`photo-${i}.txt`, `a photo of TOK, number ${i}`);
  }
  for (const [name, data] of Object.entries(extra)) zip.file(name, data);
  return zip.generateAsync({ type: "uint8array" });
}

export const FINETUNE_PARAMS = { finetune_comment: "test product", mode: "product", iterations: 100 };

export function finetuneForm(zip: Uint8Array, params: unknown = FINETUNE_PARAMS): FormData {
  const form = new FormData();
  form.set("dataset", new Blob([new Uint8Array(zip)], { type: "application/zip" }), "dataset.zip");
  form.set("params", typeof params === "string" ? params : JSON.stringify(params));
  return form;
}

/** Create a finetune through the dashboard and wait until it is Ready. */
export async function readyFinetune(
  dash: RunningServer,
  sim: RunningServer,
  comment = "ready one",
): Promise<Finetune> {
  const created = await call(dash.url, "/api/finetunes", {
    method: "POST",
    body: finetuneForm(await datasetZip(3), { ...FINETUNE_PARAMS, finetune_comment: comment }),
  });
  expect(created.status, created.text).toBe(201);
  const ft = finetuneEnvelopeSchema.parse(created.body).finetune;
  // Finish training at once instead of waiting for the simulator's clock.
  await fetch(`${sim.url}/_simulator/tasks/${String(ft.bfl_id)}/complete`, { method: "POST" });
  return waitFor("finetune Ready", async () => {
    const r = await call(dash.url, `/api/finetunes/${ft.id}`);
    const now = finetuneEnvelopeSchema.parse(r.body).finetune;
    return now.status === "Ready" ? now : null;
  });
}

export async function generation(dash: RunningServer, id: string): Promise<Generation> {
  const r = await call(dash.url, `/api/generations/${id}`);
  return generationEnvelopeSchema.parse(r.body).generation;
}

const FINAL = new Set(["Ready", "Error", "Request Moderated", "Content Moderated"]);

export async function waitGeneration(
  dash: RunningServer,
  id: string,
  timeoutMs = 20_000,
): Promise<Generation> {
  return waitFor(
    `generation ${id} final`,
    async () => {
      const g = await generation(dash, id);
      return g && FINAL.has(String(g.status)) ? g : null;
    },
    timeoutMs,
  );
}

export async function simFault(sim: RunningServer, fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim.url}/_simulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(res.status).toBe(200);
}

export async function simStats(sim: RunningServer): Promise<{
  method_paths: Record<string, number>;
  statuses: Record<string, number>;
  get_result: Record<string, number>;
  peak_active: number;
  in_flight: number;
}> {
  return (await fetch(`${sim.url}/_simulator/stats`)).json();
}

/**
 * Wait until the simulator has finished with every request it was sent (a `hang` fault's wait and what
 * runs after it included), so what it counts next is final.
 */
export async function simSettled(sim: RunningServer): Promise<void> {
  await waitFor("the simulator to finish every request", async () => (await simStats(sim)).in_flight === 0);
}

/**
 * Proof that the dashboard's queue has moved past every task that was due: a generation whose first send
 * is refused (429: BFL took nothing) waits in the queue, and the tracker sends due tasks oldest first, so
 * once it is Ready any earlier task still due would have been sent before it. Its own two submits (the
 * 429 and the resend) are counted at the simulator. Returns it.
 */
export async function queueBarrier(
  dash: RunningServer,
  sim: RunningServer,
  finetuneId: string,
): Promise<Generation> {
  await simFault(sim, { kind: "429", count: 1, path: `/v1/${ULTRA}`, method: "POST", retry_after: 1 });
  const c = await callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, finetune_id: finetuneId, prompt: "TOK after everything before" },
  });
  expect(c.status, c.text).toBe(202);
  expect(c.body.generation.status).toBe("Queued");
  const g = await waitGeneration(dash, c.body.generation.id);
  expect(g.status).toBe("Ready");
  return g;
}

export async function clearSim(sim: RunningServer): Promise<void> {
  await fetch(`${sim.url}/_simulator/faults`, { method: "DELETE" });
  await fetch(`${sim.url}/_simulator/stats`, { method: "DELETE" });
}

export const ULTRA = "flux-pro-1.1-ultra-finetuned";
