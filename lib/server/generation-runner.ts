import "server-only";
import sharp, { type Metadata } from "sharp";
import {
  bflTaskReason,
  INFERENCE_COST,
  INFERENCE_SCHEMAS,
  inferenceResultSchema,
  isTerminalBflStatus,
  type ResultResponse,
} from "@/lib/bfl";
import { contentTypeOf, extOf } from "@/lib/bfl/image-format";
import { downloadSample, getResult, submitInference } from "./bfl-client";
import { webhookFieldsFor } from "./bfl-webhook-fields";
import { webpThumbnail } from "./dataset-store";
import { AppError } from "./errors";
import {
  deleteGenerationRow,
  type GenerationRow,
  getGenerationRow,
  updateGeneration,
} from "./generation-repo";
import { log } from "./log";
import { notFoundOrGiveUp } from "./not-found";
import { redactOptional } from "./redact";
import { moveTempInto, paths, readData, removeData, removeTemp, writeData } from "./storage";
import { taskKind } from "./task-pipeline";

/** Submitting one generation to BFL, reading its result and storing its image. */

export const GENERATION_THUMB_PX = 384;

/** The input images an immediate submit still holds, by field (`image`, `mask`, …). */
export type HeldInputs = ReadonlyMap<string, Uint8Array>;

async function buildBody(row: GenerationRow, held?: HeldInputs): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = JSON.parse(row.params) as Record<string, unknown>;
  for (const field of JSON.parse(row.inputs) as string[]) {
    const bytes = held?.get(field) ?? (await readData(paths.input(row.id, field, "bin")));
    if (!bytes) throw new AppError("storage_failed", `The stored ${field} of this generation is missing.`);
    body[field] = Buffer.from(bytes).toString("base64");
  }
  body.finetune_id = row.bfl_finetune_id;
  body.finetune_strength = row.finetune_strength;
  // Only where BFL's schema for the endpoint takes a webhook (all of today's do).
  if ("webhook_url" in INFERENCE_SCHEMAS[row.endpoint].shape)
    Object.assign(body, await webhookFieldsFor(row.id));
  return body;
}

/** Send a generation already marked `Submitting` and record it Pending (see task-pipeline.ts). */
async function sendGeneration(row: GenerationRow, held?: HeldInputs): Promise<void> {
  const res = await submitInference(row.endpoint, await buildBody(row, held));
  await updateGeneration(row.id, {
    status: "Pending",
    bfl_status: "Pending",
    bfl_task_id: res.id,
    polling_url: res.polling_url,
    cost: res.cost ?? null,
    cost_source: typeof res.cost === "number" ? "bfl" : null,
  });
}

export async function failGeneration(
  id: string,
  code: string,
  message: string,
  status: GenerationRow["status"] = "Error",
): Promise<void> {
  await updateGeneration(id, { status, error_code: code, error_message: message }, code);
}

function moderationMessage(res: ResultResponse): string {
  const reason = redactOptional(bflTaskReason(res));
  const what = res.status === "Request Moderated" ? "the request" : "the generated image";
  return `BFL's moderation blocked ${what}${reason ? ` (${reason})` : ""}. No credits are charged.`;
}

/** A generation deleted while its result was fetched: what was written for it goes too. */
async function discardDeleted(id: string, files: string[], tmp?: string): Promise<void> {
  if (tmp) await removeTemp(tmp);
  for (const f of files) await removeData(f);
  log.info("tracker", `generation ${id} was deleted while its result was fetched; its files were removed`);
}

/**
 * Store a Ready result's image and thumbnail, then mark the generation Ready. The image is streamed to a
 * temp file (capped, see `downloadSample`), read by sharp from disk and renamed into place.
 */
async function storeResult(row: GenerationRow, res: ResultResponse): Promise<void> {
  const result = inferenceResultSchema.safeParse(res.result);
  if (!result.success) {
    await failGeneration(row.id, "bfl_bad_response", "BFL said Ready but sent no image link.");
    return;
  }
  const { tmp } = await downloadSample(result.data.sample, paths.image(row.id, "download"));
  let meta: Metadata;
  try {
    meta = await sharp(tmp).metadata();
  } catch {
    await removeTemp(tmp);
    await failGeneration(row.id, "bfl_bad_response", "BFL's result is not an image the dashboard can read.");
    return;
  }
  const format = meta.format ?? "jpeg";
  const file = paths.image(row.id, extOf(format));
  const thumb = paths.thumb(row.id);
  if (!(await getGenerationRow(row.id))) return discardDeleted(row.id, [], tmp);
  // The thumbnail is made from the local temp file, before the image goes to storage (maybe a bucket).
  const thumbBytes = await webpThumbnail(tmp, GENERATION_THUMB_PX).catch(async (err: unknown) => {
    await removeTemp(tmp);
    throw err;
  });
  await moveTempInto(tmp, file);
  await writeData(thumb, thumbBytes);
  // The price BFL settled on Ready (on the task or in its result) wins over the submit answer's.
  const settled = [res.cost, (res.result as { cost?: unknown }).cost].find((c) => typeof c === "number");
  const cost = typeof settled === "number" ? settled : (row.cost ?? INFERENCE_COST[row.endpoint]);
  const costSource =
    typeof settled === "number" ? "bfl" : row.cost !== null ? (row.cost_source ?? "bfl") : "price_table";
  // Deleted while the files were written: that delete saw no image_file, so they are removed here. The
  // update checks that the row exists in its own transaction, so no delete can slip in between.
  const stored = await updateGeneration(row.id, {
    status: "Ready",
    bfl_status: "Ready",
    image_file: file,
    thumb_file: thumb,
    content_type: contentTypeOf(format),
    width: meta.width ?? null,
    height: meta.height ?? null,
    seed: result.data.seed ?? row.seed,
    cost,
    cost_source: costSource,
  });
  if (!stored) return discardDeleted(row.id, [file, thumb]);
  log.info("tracker", `stored the image of generation ${row.id}`);
}

/**
 * One poll of a Pending generation: "pending" to poll again, "done" once it reached a final status.
 * Download failures other than an expired link throw, so the tracker polls (and downloads) again.
 */
export async function pollGeneration(id: string): Promise<"pending" | "done"> {
  const row = await getGenerationRow(id);
  if (row?.status !== "Pending" || !row.bfl_task_id) return "done";
  let res: ResultResponse;
  try {
    res = await getResult(row.bfl_task_id, row.polling_url);
  } catch (err) {
    if (err instanceof AppError && err.code === "bfl_not_found")
      return notFoundOrGiveUp(generationKind, row, err);
    throw err;
  }
  if (res.status === "Task not found") {
    return notFoundOrGiveUp(
      generationKind,
      row,
      new AppError("bfl_not_found", "BFL does not know this task (yet)."),
    );
  }
  if (row.not_found_since !== null) await updateGeneration(id, { not_found_since: null });
  if (!isTerminalBflStatus(res.status)) {
    // Pending, Generating, Reasoning or a word BFL adds later: still working; BFL's word is shown.
    if (res.status !== row.bfl_status) await updateGeneration(id, { bfl_status: res.status });
    return "pending";
  }
  if (res.status === "Ready") {
    if (row.bfl_status !== "Ready") await updateGeneration(id, { bfl_status: "Ready" });
    try {
      await storeResult({ ...row, bfl_status: "Ready" }, res);
    } catch (err) {
      if (err instanceof AppError && (err.code === "result_expired" || err.code === "bfl_bad_response")) {
        await failGeneration(id, err.code, err.message);
        return "done";
      }
      throw err;
    }
    return "done";
  }
  await updateGeneration(id, { bfl_status: res.status });
  if (res.status === "Request Moderated" || res.status === "Content Moderated") {
    const code = res.status === "Request Moderated" ? "request_moderated" : "content_moderated";
    await updateGeneration(id, {
      status: res.status,
      error_code: code,
      error_message: moderationMessage(res),
      cost: 0,
      cost_source: "price_table",
    });
  } else {
    log.warn("tracker", `generation ${id} failed at BFL`);
    const reason = redactOptional(bflTaskReason(res));
    await failGeneration(
      id,
      "bfl_task_failed",
      reason
        ? `BFL could not generate this image: ${reason}`
        : "BFL could not generate this image (its task ended in Error).",
    );
  }
  return "done";
}

/** Generations in the task pipeline: their inputs lie under their id. */
export const generationKind = taskKind<GenerationRow, HeldInputs>("g", {
  rows: { get: getGenerationRow, update: updateGeneration, remove: deleteGenerationRow },
  filesOf: (id) => paths.inputDir(id),
  run: { send: sendGeneration, poll: pollGeneration },
});
