import "server-only";
import sharp from "sharp";
import { textTooLong } from "@/lib/api/text-limits";
import { createGenerationRequestSchema, type Generation } from "@/lib/api/types";
import { IMAGE_FIELDS, INFERENCE_SCHEMAS } from "@/lib/bfl";
import { retiredError } from "./bfl-errors";
import { AppError, notFound } from "./errors";
import { finetuneForInference } from "./finetunes-service";
import {
  deleteGenerationRow,
  type GenerationRow,
  generationRowToApi,
  getGenerationRow,
  insertGeneration,
  listGenerationRows,
  updateGeneration,
} from "./generation-repo";
import { KEEP_ON_FAILURE, submitGeneration } from "./generation-runner";
import { describeIssues } from "./http";
import { finetuneIdSchema, newId } from "./ids";
import { retiredFor } from "./retired";
import { paths, removeData, writeData } from "./storage";
import { pump, watchGeneration, withSlot } from "./tracker";

/** Generations: validate, store inputs as files, submit or queue; list, read and delete. */

const DATA_URL = /^data:[\w.+-]+\/[\w.+-]+;base64,/;

/** `data:image/png;base64,` prefixes are accepted from the browser and removed before BFL sees them. */
function stripDataUrls(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  for (const f of IMAGE_FIELDS) {
    const v = out[f];
    if (typeof v === "string") out[f] = v.replace(DATA_URL, "");
  }
  return out;
}

async function decodeInput(
  field: string,
  b64: string,
): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  const bytes = new Uint8Array(Buffer.from(b64, "base64"));
  try {
    const meta = await sharp(bytes, { limitInputPixels: 100_000_000 }).metadata();
    if (!meta.width || !meta.height || !["jpeg", "png", "webp"].includes(meta.format ?? ""))
      throw new Error();
    return { bytes, width: meta.width, height: meta.height };
  } catch {
    throw new AppError("validation_failed", `${field}: is not a readable JPEG, PNG or WebP image.`);
  }
}

export async function createGeneration(raw: unknown): Promise<Generation> {
  const tooLong = textTooLong(raw);
  if (tooLong) throw new AppError("validation_failed", tooLong);
  const head = createGenerationRequestSchema.safeParse(raw);
  if (!head.success) throw new AppError("validation_failed", describeIssues(head.error));
  if (!finetuneIdSchema.safeParse(head.data.finetune_id).success) {
    throw new AppError("validation_failed", "finetune_id: is not a valid finetune id.");
  }
  // An endpoint BFL no longer serves is refused before anything is stored.
  const gone = await retiredFor(head.data.endpoint);
  if (gone) throw retiredError(gone.path);
  const { endpoint: _endpoint, sweep_id, ...rest } = stripDataUrls(head.data as Record<string, unknown>);
  const schema = INFERENCE_SCHEMAS[head.data.endpoint];
  const parsed = schema.safeParse(rest);
  if (!parsed.success) throw new AppError("validation_failed", describeIssues(parsed.error));
  const data: Record<string, unknown> = { ...parsed.data };

  const inputs: { field: string; bytes: Uint8Array; width: number; height: number }[] = [];
  for (const field of IMAGE_FIELDS) {
    const v = data[field];
    if (typeof v === "string") inputs.push({ field, ...(await decodeInput(field, v)) });
  }
  const img = inputs.find((i) => i.field === "image");
  const mask = inputs.find((i) => i.field === "mask");
  if (img && mask && (img.width !== mask.width || img.height !== mask.height)) {
    throw new AppError(
      "validation_failed",
      `mask: must be the same size as image (${img.width}×${img.height}), not ${mask.width}×${mask.height}.`,
    );
  }

  const ft = await finetuneForInference(head.data.finetune_id, head.data.endpoint);
  const id = newId();
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const skip = ["finetune_id", "finetune_strength", "webhook_url", "webhook_secret", ...IMAGE_FIELDS];
    if (!skip.includes(k) && v !== undefined) params[k] = v;
  }
  try {
    for (const i of inputs) await writeData(paths.input(id, i.field, "bin"), i.bytes);
  } catch (err) {
    await removeData(paths.inputDir(id));
    throw err;
  }
  // The slot check and the insert under one lock: two requests cannot both take the last slot.
  const slot = await withSlot(async (free) => {
    await insertGeneration({
      id,
      finetune_id: ft.publicId,
      bfl_finetune_id: ft.bflId,
      finetune_comment: ft.comment,
      endpoint: head.data.endpoint,
      finetune_strength: Number(data.finetune_strength),
      prompt: typeof data.prompt === "string" ? data.prompt : "",
      seed: typeof data.seed === "number" ? data.seed : null,
      params: JSON.stringify(params),
      inputs: JSON.stringify(inputs.map((i) => i.field)),
      status: free ? "Submitting" : "Queued",
      output_format: typeof data.output_format === "string" ? data.output_format : "jpeg",
      sweep_id: typeof sweep_id === "string" ? sweep_id : null,
    });
    return free;
  });
  if (slot) {
    const outcome = await submitGeneration((await getGenerationRow(id)) as GenerationRow, false);
    if (outcome.kind === "submitted") watchGeneration(id);
    if (outcome.kind === "failed") {
      const { error } = outcome;
      if (KEEP_ON_FAILURE.has(error.code)) {
        await updateGeneration(
          id,
          { status: "Error", error_code: error.code, error_message: error.message },
          error.code,
        );
      } else {
        await deleteGenerationRow(id);
        await removeData(paths.inputDir(id));
      }
      void pump();
      throw error;
    }
  }
  return generationRowToApi((await getGenerationRow(id)) as GenerationRow);
}

export async function listGenerations(q: {
  finetune_id?: string | undefined;
  endpoint?: string | undefined;
  limit: number;
  before?: number | undefined;
  q?: string | undefined;
  favourites?: boolean | undefined;
}): Promise<{ generations: Generation[]; next_cursor: string | null }> {
  const rows = await listGenerationRows(q);
  const last = rows.at(-1);
  return {
    generations: await Promise.all(rows.map(generationRowToApi)),
    next_cursor: rows.length === q.limit && last ? String(last.seq) : null,
  };
}

export async function getGeneration(id: string): Promise<GenerationRow> {
  const row = await getGenerationRow(id);
  if (!row) throw notFound("This generation");
  return row;
}

/** Remove from the gallery with its files. A task still running at BFL is simply no longer followed. */
export async function removeGeneration(id: string): Promise<void> {
  const row = await getGeneration(id);
  await deleteGenerationRow(id);
  if (row.image_file) await removeData(row.image_file);
  if (row.thumb_file) await removeData(row.thumb_file);
  await removeData(paths.inputDir(id));
}
