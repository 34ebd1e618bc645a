import JSZip from "jszip";
import sharp from "sharp";
import { finetuneEnvelopeSchema, generationEnvelopeSchema } from "@/lib/api/types";
import { sleep } from "./stats";

/** A finetune and a finished generation created through the dashboard's own API (as a person would). */

export interface Seeded {
  finetuneId: string;
  generationId: string;
}

export const ENDPOINT = "flux-pro-1.1-ultra-finetuned";

async function smallDataset(): Promise<Buffer> {
  const zip = new JSZip();
  for (let i = 0; i < 5; i++) {
    const jpeg = await sharp({
      create: { width: 512, height: 512, channels: 3, background: { r: 40 * i, g: 120, b: 200 - 30 * i } },
    })
      .composite([
        {
          input: Buffer.from(
            `<svg width="512" height="512"><circle cx="${100 + 60 * i}" cy="256" r="90" fill="#fa3"/></svg>`,
          ),
        },
      ])
      .jpeg()
      .toBuffer();
    zip.file(`img${i}.jpg`, jpeg);
    zip.file(`img${i}.txt`, `a photo of TOK, variant ${i}`);
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
}

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

export async function createFinetune(dashUrl: string, comment = "bench finetune"): Promise<string> {
  const form = new FormData();
  form.set(
    "dataset",
    new Blob([new Uint8Array(await smallDataset())], { type: "application/zip" }),
    "bench.zip",
  );
  form.set(
    "params",
    JSON.stringify({
      finetune_comment: comment,
      mode: "character",
      trigger_word: "TOK",
      finetune_type: "lora",
      iterations: 100,
      priority: "speed",
      captioning: false,
      lora_rank: 16,
    }),
  );
  const res = await fetch(`${dashUrl}/api/finetunes`, {
    method: "POST",
    body: form,
    headers: { origin: dashUrl },
  });
  return finetuneEnvelopeSchema.parse(await expectOk(res, "POST /api/finetunes")).finetune.id;
}

export async function waitFinetuneReady(dashUrl: string, id: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${dashUrl}/api/finetunes/${id}`);
    const { finetune } = finetuneEnvelopeSchema.parse(await expectOk(res, "GET /api/finetunes/{id}"));
    if (finetune.status === "Ready") return;
    if (finetune.status === "Error") throw new Error(`seeded finetune failed: ${finetune.error}`);
    await sleep(250);
  }
  throw new Error(`seeded finetune ${id} not Ready after ${timeoutMs} ms`);
}

export async function createGeneration(dashUrl: string, finetuneId: string, seed: number): Promise<string> {
  const res = await fetch(`${dashUrl}/api/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: dashUrl },
    body: JSON.stringify({
      endpoint: ENDPOINT,
      finetune_id: finetuneId,
      prompt: `a photo of TOK, bench ${seed}`,
      seed,
      aspect_ratio: "1:1",
    }),
  });
  return generationEnvelopeSchema.parse(await expectOk(res, "POST /api/generations")).generation.id;
}

export async function generationStatus(dashUrl: string, id: string) {
  const res = await fetch(`${dashUrl}/api/generations/${id}`);
  return generationEnvelopeSchema.parse(await expectOk(res, "GET /api/generations/{id}")).generation;
}

export async function waitGenerationDone(dashUrl: string, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const g = await generationStatus(dashUrl, id);
    if (g.status !== "Queued" && g.status !== "Pending") return g;
    await sleep(200);
  }
  throw new Error(`generation ${id} not finished after ${timeoutMs} ms`);
}

export async function seedThroughApi(dashUrl: string, log: (l: string) => void): Promise<Seeded> {
  log("seeding a finetune and a generation through the API ...");
  const finetuneId = await createFinetune(dashUrl);
  await waitFinetuneReady(dashUrl, finetuneId);
  const generationId = await createGeneration(dashUrl, finetuneId, 1);
  const g = await waitGenerationDone(dashUrl, generationId);
  if (g.status !== "Ready") throw new Error(`seeded generation ended ${g.status}`);
  return { finetuneId, generationId };
}
