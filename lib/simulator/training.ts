import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { effectiveLearningRate, type FinetuneInputs } from "../bfl/finetune";
import { trainingCost } from "../bfl/pricing";
import { inspectDatasetZip } from "../node/inspect-zip";
import { trainingDurationMs } from "./config";
import type { Sim } from "./context";
import { chargeOrThrow, checkConcurrency } from "./limits";
import type { FinetuneTask } from "./store";
import { validationError } from "./validation";
import { armWebhook, webhookOf } from "./webhooks";

/**
 * `POST /v1/finetune`: the ZIP is really opened and checked with the same code as the dashboard
 * (`inspectDatasetZip`); small copies of the images are kept to shape later inference images.
 */

/** A dataset whose images are all smaller than this (shorter side) fails training with Error. */
export const MIN_TRAINABLE_SIDE = 64;
const THUMB_SIDE = 256;

export async function submitFinetune(sim: Sim, input: FinetuneInputs, origin: string): Promise<FinetuneTask> {
  const zip = Buffer.from(input.file_data, "base64");
  const inspected = await inspectDatasetZip(zip);
  const errors = inspected.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    throw validationError(
      errors.map((p) => ({
        loc: ["body", "file_data"],
        msg: p.message,
        type: `dataset_${p.code}`,
      })),
    );
  }
  const now = sim.now();
  checkConcurrency(sim, now);
  chargeOrThrow(sim, trainingCost(input.iterations));

  const id = randomUUID();
  const dir = sim.store.finetuneDir(id);
  mkdirSync(dir, { recursive: true });
  let i = 0;
  for (const img of inspected.images) {
    i++;
    const thumb = await sharp(img.bytes)
      .rotate()
      .resize(THUMB_SIDE, THUMB_SIDE, { fit: "inside", withoutEnlargement: true })
      .removeAlpha()
      .png()
      .toBuffer();
    writeFileSync(path.join(dir, `train-${String(i).padStart(2, "0")}.png`), thumb);
  }
  const tooSmall = inspected.images.every((img) => Math.min(img.width, img.height) < MIN_TRAINABLE_SIDE);
  const task: FinetuneTask = {
    id,
    createdAt: now,
    durationMs: trainingDurationMs(sim.cfg, input.iterations, input.priority),
    params: {
      finetune_comment: input.finetune_comment,
      trigger_word: input.trigger_word,
      mode: input.mode,
      finetune_type: input.finetune_type,
      lora_rank: input.lora_rank,
      iterations: input.iterations,
      learning_rate: effectiveLearningRate(input),
      priority: input.priority,
      captioning: input.captioning,
    },
    imageCount: inspected.images.length,
    datasetError: tooSmall
      ? `Training failed: every image is smaller than ${MIN_TRAINABLE_SIDE}x${MIN_TRAINABLE_SIDE} pixels; use larger images.`
      : null,
    forcedError: null,
    completedAt: null,
    ...(sim.holdTrainings ? { held: true } : {}),
    webhook: webhookOf(input, origin),
  };
  sim.store.state.finetunes.set(id, task);
  sim.store.save();
  armWebhook(sim, id);
  return task;
}

/** The kept training images of a finetune, in order. */
export function trainingThumbs(sim: Sim, finetuneId: string): Buffer[] {
  const dir = sim.store.finetuneDir(finetuneId);
  try {
    return readdirSync(dir)
      .filter((f) => f.startsWith("train-"))
      .sort()
      .map((f) => readFileSync(path.join(dir, f)));
  } catch {
    return [];
  }
}
