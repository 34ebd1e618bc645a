import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BFL_ERROR_MESSAGES } from "../bfl/errors";
import {
  type AnyInferenceInput,
  IMAGE_FIELDS,
  INFERENCE_SCHEMAS,
  type InferenceEndpoint,
  ultraSize,
} from "../bfl/inference";
import { INFERENCE_COST } from "../bfl/pricing";
import type { Sim } from "./context";
import { detailError } from "./http";
import { chargeOrThrow, checkConcurrency } from "./limits";
import { moderationFor } from "./moderation";
import { randomSeed } from "./pattern";
import { inputSize, type RenderInput, renderImage } from "./render";
import type { InferenceTask } from "./store";
import { finetuneView } from "./tasks";
import { trainingThumbs } from "./training";
import { validateBody, validationError } from "./validation";
import { armWebhook, webhookOf } from "./webhooks";

/** Ultra renders at ~1 MP instead of BFL's ~4 MP to stay fast (documented). */
export const ULTRA_MEGAPIXELS = 1;
/** Depth/canny/fill answer at the input's size, scaled down to at most this many pixels. */
export const MAX_INPUT_OUTPUT_PIXELS = 4 * 1024 * 1024;

async function decodeImages(body: Record<string, unknown>): Promise<Map<string, Buffer>> {
  const images = new Map<string, Buffer>();
  for (const field of IMAGE_FIELDS) {
    const value = body[field];
    if (typeof value !== "string") continue;
    const bytes = Buffer.from(value, "base64");
    try {
      const size = await inputSize(bytes);
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
    images.set(field, bytes);
  }
  return images;
}

function capPixels(size: { width: number; height: number }): { width: number; height: number } {
  const px = size.width * size.height;
  if (px <= MAX_INPUT_OUTPUT_PIXELS) return size;
  const k = Math.sqrt(MAX_INPUT_OUTPUT_PIXELS / px);
  return { width: Math.max(1, Math.floor(size.width * k)), height: Math.max(1, Math.floor(size.height * k)) };
}

async function outputSize(
  endpoint: InferenceEndpoint,
  input: AnyInferenceInput,
  images: Map<string, Buffer>,
) {
  if ("aspect_ratio" in input) return ultraSize(input.aspect_ratio, ULTRA_MEGAPIXELS);
  if ("width" in input) return { width: input.width, height: input.height };
  const source =
    endpoint === "flux-pro-1.0-fill-finetuned" ? images.get("image") : images.get("control_image");
  return capPixels(await inputSize(source!));
}

export async function submitInference(
  sim: Sim,
  endpoint: InferenceEndpoint,
  body: unknown,
  origin: string,
): Promise<InferenceTask> {
  const input: AnyInferenceInput = validateBody(INFERENCE_SCHEMAS[endpoint], body);
  const ft = sim.store.state.finetunes.get(input.finetune_id);
  if (!ft || finetuneView(ft, sim.now()).status !== "Ready") {
    throw detailError(400, BFL_ERROR_MESSAGES.finetuneNotFoundOrNotReady);
  }
  const images = await decodeImages(input as Record<string, unknown>);
  const size = await outputSize(endpoint, input, images);
  const prompt = input.prompt ?? "";
  const moderation = moderationFor(prompt);
  const now = sim.now();
  checkConcurrency(sim, now);
  if (moderation === null) chargeOrThrow(sim, INFERENCE_COST[endpoint]);

  const id = randomUUID();
  const { webhook_url: _u, webhook_secret: _s, ...params }: Record<string, unknown> = { ...input };
  for (const field of IMAGE_FIELDS) delete params[field];
  const task: InferenceTask = {
    id,
    endpoint,
    finetuneId: input.finetune_id,
    createdAt: now,
    durationMs: Math.round(sim.cfg.inferenceSeconds * 1000),
    params,
    prompt,
    seed: input.seed ?? randomSeed(),
    outputFormat: input.output_format ?? "jpeg",
    width: size.width,
    height: size.height,
    moderation,
    completedAt: null,
    inputs: [...images.keys()],
    webhook: webhookOf(input, origin),
  };
  const dir = sim.store.taskDir(id);
  mkdirSync(dir, { recursive: true });
  for (const [field, bytes] of images) writeFileSync(path.join(dir, `${field}.bin`), bytes);
  sim.store.state.tasks.set(id, task);
  sim.store.save();
  if (moderation !== "request") startRender(sim, task);
  armWebhook(sim, id);
  return task;
}

function renderInputFor(sim: Sim, task: InferenceTask): RenderInput {
  const dir = sim.store.taskDir(task.id);
  const read = (field: string) =>
    task.inputs.includes(field) ? readFileSync(path.join(dir, `${field}.bin`)) : undefined;
  const p = task.params;
  const imagePrompt = read("image_prompt");
  const control = read("control_image");
  const image = read("image");
  return {
    width: task.width,
    height: task.height,
    format: task.outputFormat,
    prompt: task.prompt,
    seed: task.seed,
    strength: typeof p.finetune_strength === "number" ? p.finetune_strength : 1,
    training: trainingThumbs(sim, task.finetuneId),
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
    const bytes = await renderImage(renderInputFor(sim, task));
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
