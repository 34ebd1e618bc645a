import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BFL_ERROR_MESSAGES } from "../bfl/errors";
import {
  type Flux1Endpoint,
  IMAGE_FIELDS,
  INFERENCE_SCHEMAS,
  type InferenceInput,
  isKleinEndpoint,
  ultraSize,
} from "../bfl/inference";
import { INFERENCE_COST } from "../bfl/pricing";
import type { Sim } from "./context";
import { failureFor } from "./failures";
import { detailError } from "./http";
import { chargeOrThrow, checkConcurrency } from "./limits";
import { loraStyleImage } from "./loras";
import { moderationFor } from "./moderation";
import { randomSeed } from "./pattern";
import { inputSize, type OutputImageFormat, type RenderInput, renderImage } from "./render";
import type { InferenceTask, TaskWebhook } from "./store";
import { finetuneView } from "./tasks";
import { trainingThumbs } from "./training";
import { validateBody, validationError } from "./validation";
import { armWebhook, webhookOf } from "./webhooks";

/** Ultra renders at ~1 MP instead of BFL's ~4 MP to stay fast (documented). */
export const ULTRA_MEGAPIXELS = 1;
/** Depth/canny/fill answer at the input's size, scaled down to at most this many pixels. */
export const MAX_INPUT_OUTPUT_PIXELS = 4 * 1024 * 1024;

export interface DecodedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/** Decode the base64 image fields of a request (422 naming the field when one is not an image). */
export async function decodeImages(
  body: Record<string, unknown>,
  fields: readonly string[],
): Promise<Map<string, DecodedImage>> {
  const images = new Map<string, DecodedImage>();
  for (const field of fields) {
    const value = body[field];
    if (typeof value !== "string") continue;
    const bytes = Buffer.from(value, "base64");
    let size: { width: number; height: number };
    try {
      size = await inputSize(bytes);
      if (!size.width || !size.height) throw new Error("no size");
    } catch {
      throw validationError([
        {
          loc: ["body", field],
          msg: `${field} could not be decoded as an image; send a base64-encoded JPEG, PNG or WebP`,
          type: "value_error",
        },
      ]);
    }
    images.set(field, { bytes, ...size });
  }
  return images;
}

/** BFL checks that the fill mask matches the image (both profiles). */
function checkMaskSize(images: Map<string, DecodedImage>): void {
  const image = images.get("image");
  const mask = images.get("mask");
  if (!image || !mask || (image.width === mask.width && image.height === mask.height)) return;
  throw validationError([
    {
      loc: ["body", "mask"],
      msg:
        `mask is ${mask.width}x${mask.height} pixels but image is ${image.width}x${image.height}; ` +
        "the mask must be the same size as the image",
      type: "value_error",
    },
  ]);
}

export function capPixels(size: { width: number; height: number }): { width: number; height: number } {
  const px = size.width * size.height;
  if (px <= MAX_INPUT_OUTPUT_PIXELS) return size;
  const k = Math.sqrt(MAX_INPUT_OUTPUT_PIXELS / px);
  return { width: Math.max(1, Math.floor(size.width * k)), height: Math.max(1, Math.floor(size.height * k)) };
}

function outputSize(
  endpoint: Flux1Endpoint,
  input: InferenceInput<Flux1Endpoint>,
  images: Map<string, DecodedImage>,
) {
  if ("aspect_ratio" in input) return ultraSize(input.aspect_ratio, ULTRA_MEGAPIXELS);
  if ("width" in input) return { width: input.width, height: input.height };
  const source = images.get(endpoint === "flux-pro-1.0-fill-finetuned" ? "image" : "control_image");
  return capPixels(source!);
}

/** Megapixels as BFL bills them (10^6 pixels), two decimals. */
export const megapixels = (px: number) => Math.round(px / 10_000) / 100;

export async function submitInference(
  sim: Sim,
  endpoint: Flux1Endpoint,
  body: unknown,
  origin: string,
): Promise<InferenceTask> {
  const input: InferenceInput<Flux1Endpoint> = validateBody(INFERENCE_SCHEMAS[endpoint], body);
  const ft = sim.store.state.finetunes.get(input.finetune_id);
  if (!ft || finetuneView(ft, sim.now()).status !== "Ready") {
    throw detailError(400, BFL_ERROR_MESSAGES.finetuneNotFoundOrNotReady);
  }
  const images = await decodeImages(input as Record<string, unknown>, IMAGE_FIELDS);
  checkMaskSize(images);
  return createInferenceTask(sim, {
    endpoint,
    finetuneId: input.finetune_id,
    input,
    images,
    size: outputSize(endpoint, input, images),
    price: () => INFERENCE_COST[endpoint],
    webhook: webhookOf(input, origin),
  });
}

export interface NewTask {
  endpoint: InferenceTask["endpoint"];
  finetuneId: string;
  input: { prompt?: string | null; seed?: number | null; output_format?: OutputImageFormat | null };
  images: Map<string, DecodedImage>;
  size: { width: number; height: number };
  /** Credits for this task, from the megapixels in and out. */
  price: (mp: { input: number; output: number }) => number;
  /** The caller's `webhook_url`/`webhook_secret` (`webhookOf`), called when the task ends. */
  webhook: TaskWebhook | undefined;
}

/**
 * Moderation, failure, limits and credits, then the task is stored and its image rendered in the
 * background. Moderated and failing tasks are not charged. Under the live profile the task is polled on
 * the regional listener, passes through `Generating` and reports its cost.
 */
export function createInferenceTask(sim: Sim, t: NewTask): InferenceTask {
  const prompt = t.input.prompt ?? "";
  const moderation = moderationFor(prompt);
  const now = sim.now();
  checkConcurrency(sim, now);
  const live = sim.cfg.profile === "live";
  const failure =
    moderation === null ? failureFor(prompt, sim.store.state.submitted + 1, sim.cfg.errorShare) : null;
  let inputPx = 0;
  for (const img of t.images.values()) inputPx += img.width * img.height;
  const mp = { input: megapixels(inputPx), output: megapixels(t.size.width * t.size.height) };
  const cost = t.price(mp);
  if (moderation === null && failure === null) chargeOrThrow(sim, cost);
  sim.store.state.submitted++;

  const id = randomUUID();
  // The caller's webhook fields are kept apart (`webhook`), never with the task's params.
  const { webhook_url: _u, webhook_secret: _s, ...params }: Record<string, unknown> = { ...t.input };
  for (const field of t.images.keys()) delete params[field];
  const task: InferenceTask = {
    id,
    endpoint: t.endpoint,
    finetuneId: t.finetuneId,
    createdAt: now,
    durationMs: Math.round(sim.cfg.inferenceSeconds * 1000),
    params,
    prompt,
    seed: t.input.seed ?? randomSeed(),
    outputFormat: t.input.output_format ?? "jpeg",
    width: t.size.width,
    height: t.size.height,
    moderation,
    completedAt: null,
    inputs: [...t.images.keys()],
    webhook: t.webhook,
    live,
    generatingMs: live ? sim.cfg.generatingMs : 0,
    failure,
    cost,
    inputMp: mp.input,
    outputMp: mp.output,
  };
  const dir = sim.store.taskDir(id);
  mkdirSync(dir, { recursive: true });
  for (const [field, img] of t.images) writeFileSync(path.join(dir, `${field}.bin`), img.bytes);
  sim.store.state.tasks.set(id, task);
  sim.store.save();
  if (moderation !== "request" && failure === null) startRender(sim, task);
  armWebhook(sim, id);
  return task;
}

async function renderInputFor(sim: Sim, task: InferenceTask): Promise<RenderInput> {
  const dir = sim.store.taskDir(task.id);
  const read = (field: string) =>
    task.inputs.includes(field) ? readFileSync(path.join(dir, `${field}.bin`)) : undefined;
  const p = task.params;
  // klein's first reference image plays the part of ultra's image prompt.
  const imagePrompt = read("image_prompt") ?? read("input_image");
  const control = read("control_image");
  const image = read("image");
  return {
    width: task.width,
    height: task.height,
    format: task.outputFormat,
    prompt: task.prompt,
    seed: task.seed,
    strength: typeof p.finetune_strength === "number" ? p.finetune_strength : 1,
    training: isKleinEndpoint(task.endpoint)
      ? [await loraStyleImage(task.finetuneId)]
      : trainingThumbs(sim, task.finetuneId),
    imagePrompt: imagePrompt
      ? {
          image: imagePrompt,
          strength: typeof p.image_prompt_strength === "number" ? p.image_prompt_strength : 0.3,
        }
      : undefined,
    control,
    structure:
      task.endpoint === "flux-pro-1.0-depth-finetuned"
        ? { kind: "depth" }
        : task.endpoint === "flux-pro-1.0-canny-finetuned"
          ? {
              kind: "canny",
              low: typeof p.canny_low_threshold === "number" ? p.canny_low_threshold : 50,
              high: typeof p.canny_high_threshold === "number" ? p.canny_high_threshold : 200,
            }
          : undefined,
    fill: image ? { image, mask: read("mask") ?? null } : undefined,
  };
}

export function samplePath(sim: Sim, task: InferenceTask): string {
  return path.join(sim.store.taskDir(task.id), `sample.${task.outputFormat}`);
}

/** Render in the background right after submission; the file is kept for the result link. */
export function startRender(sim: Sim, task: InferenceTask): Promise<Buffer> {
  const existing = sim.renders.get(task.id);
  if (existing) return existing;
  const file = samplePath(sim, task);
  const job = (async () => {
    if (existsSync(file)) return readFileSync(file);
    const bytes = await renderImage(await renderInputFor(sim, task));
    if (sim.store.state.tasks.has(task.id)) writeFileSync(file, bytes);
    return bytes;
  })();
  sim.renders.set(task.id, job);
  job.then(
    () => sim.renders.delete(task.id),
    (err) => {
      sim.renders.delete(task.id);
      console.error(`simulator: render of ${task.id} failed: ${String(err)}`);
    },
  );
  return job;
}
