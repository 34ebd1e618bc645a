import "server-only";
import sharp from "sharp";
import type { GenerationRequest } from "@/lib/api/generation-request";
import type { Generation } from "@/lib/api/types";
import { IMAGE_FIELDS } from "@/lib/bfl";
import { retiredError } from "./bfl-errors";
import { comparisonGenerations } from "./comparison-repo";
import { AppError, notFound } from "./errors";
import { finetuneForInference } from "./finetunes-service";
import {
  deleteGenerationRow,
  type GenerationRow,
  getGenerationRow,
  insertGeneration,
  listGenerationRows,
  setFavourite,
} from "./generation-repo";
import type { FileBody } from "./http";
import { newId } from "./ids";
import { generationRowsToApi, generationRowToApi } from "./mappers";
import { retiredFor } from "./retired";
import { openData, paths, removeData, writeData } from "./storage";
import { admitTask, submitAdmitted } from "./tracker";

/** Generations: validate, store inputs as files, submit or queue; list, read and delete. */

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

/** Store the inputs, then submit (or queue) a request already parsed by `generationRequestSchema`. */
export async function createGeneration(input: GenerationRequest): Promise<Generation> {
  // An endpoint BFL no longer serves is refused before anything is stored.
  const gone = await retiredFor(input.endpoint);
  if (gone) throw retiredError(gone.path);
  const data = input.request;

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

  const ft = await finetuneForInference(input.finetune_id, input.endpoint);
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
  const slot = await admitTask("g", id, (status) =>
    insertGeneration({
      id,
      finetune_id: ft.publicId,
      bfl_finetune_id: ft.bflId,
      finetune_comment: ft.comment,
      endpoint: input.endpoint,
      finetune_strength: Number(data.finetune_strength),
      prompt: typeof data.prompt === "string" ? data.prompt : "",
      seed: typeof data.seed === "number" ? data.seed : null,
      params: JSON.stringify(params),
      inputs: JSON.stringify(inputs.map((i) => i.field)),
      status,
      output_format: typeof data.output_format === "string" ? data.output_format : "jpeg",
      sweep_id: input.sweep_id,
    }),
  );
  if (slot) await submitAdmitted("g", id, new Map(inputs.map((i) => [i.field, i.bytes])));
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
    generations: await generationRowsToApi(rows),
    next_cursor: rows.length === q.limit && last ? String(last.seq) : null,
  };
}

async function generationRow(id: string): Promise<GenerationRow> {
  const row = await getGenerationRow(id);
  if (!row) throw notFound("This generation");
  return row;
}

export async function getGeneration(id: string): Promise<Generation> {
  return generationRowToApi(await generationRow(id));
}

/** The stored image (never BFL's expiring link) or its ~384 px WebP thumbnail, made when it was stored. */
export async function generationFile(
  id: string,
  size: "full" | "thumbnail",
): Promise<{ file: FileBody; contentType: string }> {
  const row = await generationRow(id);
  if (size === "thumbnail") {
    const file = row.thumb_file ? await openData(row.thumb_file) : null;
    if (!file) throw notFound(`This generation's thumbnail (status ${row.status})`);
    return { file, contentType: "image/webp" };
  }
  const file = row.status === "Ready" && row.image_file ? await openData(row.image_file) : null;
  if (!file) throw notFound(`This generation's image (status ${row.status})`);
  return { file, contentType: row.content_type ?? "application/octet-stream" };
}

/** Star or unstar an image in the gallery. */
export async function setGenerationFavourite(id: string, favourite: boolean): Promise<void> {
  if (!(await setFavourite(id, favourite))) throw notFound("The image");
}

/** A comparison's images (its shared sweep id), oldest first. */
export async function getComparison(sweepId: string): Promise<Generation[]> {
  const rows = await comparisonGenerations(sweepId);
  if (rows.length === 0) throw notFound("This comparison");
  return generationRowsToApi(rows);
}

/** Remove from the gallery with its files. A task still running at BFL is simply no longer followed. */
export async function removeGeneration(id: string): Promise<void> {
  const row = await generationRow(id);
  await deleteGenerationRow(id);
  if (row.image_file) await removeData(row.image_file);
  if (row.thumb_file) await removeData(row.thumb_file);
  await removeData(paths.inputDir(id));
}
