import "server-only";
import type { ApiErrorBody } from "@/lib/api/errors";
import { textTooLong } from "@/lib/api/text-limits";
import type { Finetune } from "@/lib/api/types";
import { type FinetuneParams, finetuneParamsSchema } from "@/lib/bfl";
import { inspectDatasetZip } from "@/lib/bfl/inspect-zip";
import { deleteFinetune as bflDelete } from "./bfl-client";
import { cachedFinetuneIds, remoteFinetune } from "./bfl-finetunes";
import { invalidate, mapLimit } from "./cache";
import { storeDataset } from "./dataset-store";
import { getConfig } from "./env";
import { AppError, notFound } from "./errors";
import {
  datasetImages,
  deleteFinetuneRow,
  type FinetuneRow,
  finetuneRowToApi,
  getFinetuneRow,
  insertFinetune,
  listFinetuneRows,
  updateFinetune,
} from "./finetune-repo";
import { submitFinetuneRow } from "./finetune-runner";
import { markFinetuneDeleted } from "./generation-repo";
import { KEEP_ON_FAILURE } from "./generation-runner";
import { describeIssues } from "./http";
import { newId } from "./ids";
import { log } from "./log";
import { paths, removeData } from "./storage";
import { hasFreeSlot, pump, watchFinetune } from "./tracker";

/** Finetunes: the local records merged with BFL's list; creating one from an uploaded ZIP. */

export async function listFinetunes(): Promise<{
  finetunes: Finetune[];
  upstream_error: ApiErrorBody | null;
}> {
  const local = listFinetuneRows();
  const known = new Set(local.flatMap((r) => [r.id, r.bfl_id].filter((v): v is string => v !== null)));
  let upstream: ApiErrorBody | null = null;
  let remote: Finetune[] = [];
  try {
    const ids = (await cachedFinetuneIds()).filter((id) => !known.has(id));
    const found = await mapLimit(ids, 6, (id) =>
      remoteFinetune(id).catch((err: unknown) => {
        if (err instanceof AppError) upstream ??= err.toBody();
        return null;
      }),
    );
    remote = found.filter((f): f is Finetune => f !== null);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    upstream = err.toBody();
  }
  const all = [...local.map(finetuneRowToApi), ...remote];
  all.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
  return { finetunes: all, upstream_error: upstream };
}

export async function getFinetune(id: string): Promise<Finetune> {
  const row = getFinetuneRow(id);
  if (row) return finetuneRowToApi(row);
  const remote = await remoteFinetune(id);
  if (!remote) throw notFound("This finetune");
  return remote;
}

/** Where a finetune is used from: its BFL id, and whether it may run inference now. */
export async function finetuneForInference(
  id: string,
): Promise<{ publicId: string; bflId: string; comment: string | null }> {
  const row = getFinetuneRow(id);
  const ft = row ? finetuneRowToApi(row) : await remoteFinetune(id);
  if (!ft) throw notFound("This finetune");
  if (ft.region_mismatch) {
    throw new AppError(
      "region_mismatch",
      `This finetune was trained in ${ft.region}, but the dashboard is set to ${getConfig().region}; BFL only runs a finetune in its own region.`,
    );
  }
  if (ft.status !== "Ready" || (row && !row.bfl_id)) {
    throw new AppError(
      "bfl_finetune_not_ready",
      `This finetune is ${ft.status}; it can be used once it is Ready.`,
    );
  }
  return { publicId: ft.id, bflId: row?.bfl_id ?? ft.id, comment: ft.finetune_comment };
}

export function parseFinetuneParams(raw: unknown): FinetuneParams {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new AppError("bad_request", "The 'params' field is not valid JSON.");
    }
  }
  const tooLong = textTooLong(value);
  if (tooLong) throw new AppError("validation_failed", tooLong);
  const parsed = finetuneParamsSchema.safeParse(value);
  if (!parsed.success) throw new AppError("validation_failed", describeIssues(parsed.error));
  return parsed.data;
}

/** Check the ZIP (same rules as the simulator), store it with thumbnails, then submit or queue it. */
export async function createFinetune(params: FinetuneParams, zip: Uint8Array): Promise<Finetune> {
  const inspected = await inspectDatasetZip(zip);
  if (!inspected.ok) {
    const errors = inspected.problems.filter((p) => p.severity === "error").map((p) => p.message);
    const more = errors.length > 5 ? ` (and ${errors.length - 5} more problems)` : "";
    throw new AppError("invalid_dataset", `${errors.slice(0, 5).join(" ")}${more}`);
  }
  const id = newId();
  const images = await storeDataset(id, zip, inspected.images);
  const slot = hasFreeSlot();
  try {
    insertFinetune(id, params, getConfig().region, slot ? "Submitting" : "Queued", {
      file: paths.datasetZip(id),
      bytes: zip.byteLength,
      images,
    });
  } catch (err) {
    await removeData(paths.datasetDir(id));
    throw err;
  }
  if (slot) {
    const row = getFinetuneRow(id) as FinetuneRow;
    const outcome = await submitFinetuneRow(row, false);
    if (outcome.kind === "submitted") watchFinetune(id);
    if (outcome.kind === "failed") {
      const { error } = outcome;
      if (KEEP_ON_FAILURE.has(error.code)) {
        updateFinetune(id, { status: "Error", error_code: error.code, error_message: error.message });
      } else {
        deleteFinetuneRow(id);
        await removeData(paths.datasetDir(id));
      }
      void pump();
      throw error;
    }
  }
  return finetuneRowToApi(getFinetuneRow(id) as FinetuneRow);
}

/** Delete at BFL (if it got there), keep generations (flagged), drop the local record and dataset. */
export async function removeFinetune(id: string): Promise<void> {
  const row = getFinetuneRow(id);
  const bflId = row ? row.bfl_id : id;
  if (!row) {
    // Refuse ids BFL does not list rather than asking it to delete arbitrary names.
    const ids = await cachedFinetuneIds();
    if (!ids.includes(id)) throw notFound("This finetune");
  }
  if (bflId) {
    try {
      await bflDelete(bflId);
    } catch (err) {
      if (!(err instanceof AppError && err.code === "bfl_not_found")) throw err;
      log.info("finetunes", "BFL no longer knew the finetune being deleted");
    }
  }
  markFinetuneDeleted(row?.id ?? id, bflId ?? id);
  if (row) {
    deleteFinetuneRow(row.id);
    await removeData(paths.datasetDir(row.id));
  }
  invalidate("bfl:");
}

export function finetuneDatasetImages(id: string) {
  const row = getFinetuneRow(id);
  if (!row) throw notFound("This finetune's dataset");
  return { row, images: datasetImages(row.id) };
}
