import "server-only";
import type { ApiErrorBody } from "@/lib/api/errors";
import { decodeCursor, FINETUNE_PAGE_MAX, newestFirst, pageAfter } from "@/lib/api/finetune-cursor";
import type { Finetune, LoraFinetune } from "@/lib/api/types";
import {
  type FinetuneParams,
  type InferenceEndpoint,
  isKleinEndpoint,
  splitFinetuneId,
  UUID_PATTERN,
} from "@/lib/bfl";
import { inspectDatasetZip } from "@/lib/node/inspect-zip";
import { deleteFinetune as bflDelete } from "./bfl-client";
import { cachedFinetuneIds, loraCard, type RemoteFinetune, remoteFinetune } from "./bfl-finetunes";
import { invalidate, mapLimit } from "./cache";
import { memoByData } from "./data-memo";
import { storeDataset } from "./dataset-store";
import { getConfig } from "./env";
import { AppError, notFound } from "./errors";
import {
  deleteFinetuneRow,
  type FinetuneRow,
  getFinetuneRow,
  insertFinetune,
  listFinetuneRows,
} from "./finetune-repo";
import { markFinetuneDeleted } from "./generation-repo";
import { newId } from "./ids";
import { log } from "./log";
import { addedLora, addedLoras, checkLoraEndpoint } from "./loras-service";
import { finetuneRowsToApi, finetuneRowToApi } from "./mappers";
import { redactKey } from "./redact";
import { paths, removeData } from "./storage";
import { admitTask, submitAdmitted } from "./tracker";

const FLUX1_USE = "flux-pro-1.1-ultra-finetuned or flux-pro-1.0-fill-finetuned";

/** Finetunes: the local records merged with BFL's list; creating one from an uploaded ZIP. */

/**
 * This dashboard's finetunes and added LoRAs merged with whatever BFL's my_finetunes lists (entries of
 * any shape). A BFL failure keeps the local part and says so in `upstream_error`.
 */
export async function listFinetunes(
  page: { limit: number; cursor?: string | undefined } = { limit: FINETUNE_PAGE_MAX },
): Promise<{
  finetunes: Finetune[];
  loras: LoraFinetune[];
  upstream_error: ApiErrorBody | null;
  next_cursor: string | null;
  total: number;
}> {
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
  if (page.cursor !== undefined && !after) {
    throw new AppError("bad_request", "Invalid query: cursor: not a next_cursor of this list.");
  }
  const { local, known, added, sending } = await localPart();
  let upstream: ApiErrorBody | null = null;
  const remoteFinetunes: Finetune[] = [];
  const remoteLoras: LoraFinetune[] = [];
  try {
    const ids = (await cachedFinetuneIds()).filter((id) => !known.has(id));
    const found = await mapLimit(ids, 6, (id) =>
      remoteFinetune(id, true).catch(async (err: unknown) => {
        if (!(err instanceof AppError)) throw err;
        upstream ??= err.toBody();
        // Details could not be read: a name is still shown as the LoRA it most likely is.
        return UUID_PATTERN.test(id)
          ? null
          : ({ kind: "lora", lora: await loraCard(id, UNKNOWN_LORA) } satisfies RemoteFinetune);
      }),
    );
    for (const f of found) {
      if (f?.kind === "flux1" && !sending.some((row) => isBeingSent(f.finetune, row))) {
        remoteFinetunes.push(f.finetune);
      } else if (f?.kind === "lora") remoteLoras.push(f.lora);
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    upstream = err.toBody();
  }
  const all = [...local, ...remoteFinetunes].sort(newestFirst);
  const { items, next_cursor } = pageAfter(all, after, page.limit);
  // LoRAs are few (added by hand): they come whole with the first page only.
  const loras = after ? [] : [...added, ...remoteLoras].sort(newestFirst);
  return { finetunes: items, loras, upstream_error: upstream, next_cursor, total: all.length };
}

/**
 * This dashboard's own finetunes (mapped, with timelines) and added LoRAs, every id they go by, and the
 * rows being sent to BFL right now: read and mapped again only when the database has changed
 * (memoByData), as this runs on every poll.
 */
function localPart(): Promise<{
  local: Finetune[];
  known: ReadonlySet<string>;
  added: LoraFinetune[];
  sending: FinetuneRow[];
}> {
  return memoByData("finetunes:local", async () => {
    const rows = await listFinetuneRows();
    const added = await addedLoras();
    const known = new Set([
      ...rows.flatMap((r) => [r.id, r.bfl_id].filter((v): v is string => v !== null)),
      ...added.map((l) => l.id),
    ]);
    const sending = rows.filter((r) => r.status === "Submitting" && r.bfl_id === null);
    return { local: await finetuneRowsToApi(rows), known, added, sending };
  });
}

/** A minute of clock difference between BFL and this machine. */
const CLOCK_SLACK_MS = 60_000;

/**
 * Whether a finetune only BFL lists is the row this dashboard is sending: BFL may list a new finetune
 * before its answer (with the id) has reached the dashboard and been stored, and for that moment the row
 * would show twice. Same comment, trigger word and mode, made no earlier than the row (BFL's time, when
 * it gives one).
 */
function isBeingSent(remote: Finetune, row: FinetuneRow): boolean {
  const made = Date.parse(remote.created_at);
  const stated = made > 0;
  return (
    remote.finetune_comment === redactKey(row.finetune_comment) &&
    remote.trigger_word === redactKey(row.trigger_word) &&
    remote.mode === row.mode &&
    (!stated || made >= Date.parse(row.created_at) - CLOCK_SLACK_MS)
  );
}

const UNKNOWN_LORA = {
  base_model: null,
  precision: null,
  trigger_phrase: null,
  source: "bfl",
  created_at: new Date(0).toISOString(),
} as const;

export async function getFinetune(id: string): Promise<Finetune> {
  const row = await getFinetuneRow(id);
  if (row) return finetuneRowToApi(row);
  const remote = await remoteFinetune(id);
  if (!remote) throw notFound("This finetune");
  if (remote.kind === "lora") {
    throw new AppError(
      "not_found",
      `${id} is a FLUX.2 [klein] LoRA, not a FLUX.1 finetune: see /api/loras/${encodeURIComponent(id)}.`,
    );
  }
  return remote.finetune;
}

/** A LoRA card: added here, listed by BFL, or (for a klein endpoint) any name BFL may know. */
export async function getLora(id: string): Promise<LoraFinetune | null> {
  const added = await addedLora(id);
  if (added) return added;
  if (await getFinetuneRow(id)) return null;
  try {
    const remote = await remoteFinetune(id, (await cachedFinetuneIds()).includes(id));
    return remote?.kind === "lora" ? remote.lora : null;
  } catch (err) {
    if (err instanceof AppError && UUID_PATTERN.test(id) === false) return loraCard(id, UNKNOWN_LORA);
    throw err;
  }
}

type InferenceTarget = { publicId: string; bflId: string; comment: string | null };

/**
 * Where a finetune is used from (its BFL id) and whether this endpoint may run it now. klein endpoints
 * take a LoRA name or org-id/name: BFL is the judge of names it was not asked about; one whose base
 * model is known must use its own endpoint.
 */
export async function finetuneForInference(
  id: string,
  endpoint: InferenceEndpoint,
): Promise<InferenceTarget> {
  const row = await getFinetuneRow(id);
  if (isKleinEndpoint(endpoint)) {
    if (row) {
      throw new AppError(
        "validation_failed",
        `endpoint: ${endpoint} runs FLUX.2 [klein] LoRAs; this FLUX.1 finetune runs on ${FLUX1_USE}.`,
      );
    }
    const lora = (await getLora(id)) ?? (await loraCard(id, UNKNOWN_LORA));
    checkLoraEndpoint(lora, endpoint);
    return { publicId: id, bflId: id, comment: lora.name };
  }
  const added = row ? null : await addedLora(id);
  if (added) checkLoraEndpoint(added, endpoint);
  // BFL's ultra endpoint also takes a LoRA shared as org-id/name.
  if (!row && id.includes("/")) {
    if (endpoint !== "flux-pro-1.1-ultra-finetuned") {
      throw new AppError(
        "validation_failed",
        `endpoint: a shared LoRA (org-id/name) runs on a FLUX.2 [klein] endpoint or on flux-pro-1.1-ultra-finetuned, not ${endpoint}.`,
      );
    }
    return { publicId: id, bflId: id, comment: splitFinetuneId(id).name };
  }
  let ft: Finetune | null;
  if (row) ft = await finetuneRowToApi(row);
  else {
    const remote = await remoteFinetune(id, (await cachedFinetuneIds()).includes(id));
    if (remote?.kind === "lora") {
      checkLoraEndpoint(remote.lora, endpoint);
      return { publicId: id, bflId: id, comment: remote.lora.name };
    }
    ft = remote?.finetune ?? null;
  }
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
  let slot: boolean;
  try {
    slot = await admitTask("f", id, (status) =>
      insertFinetune(id, params, getConfig().region, status, {
        file: paths.datasetZip(id),
        bytes: zip.byteLength,
        images,
      }),
    );
  } catch (err) {
    await removeData(paths.datasetDir(id));
    throw err;
  }
  if (slot) await submitAdmitted("f", id, zip);
  return finetuneRowToApi((await getFinetuneRow(id)) as FinetuneRow);
}

/** Delete at BFL (if it got there), keep generations (flagged), drop the local record and dataset. */
export async function removeFinetune(id: string): Promise<void> {
  const row = await getFinetuneRow(id);
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
  await markFinetuneDeleted(row?.id ?? id, bflId ?? id);
  if (row) {
    await deleteFinetuneRow(row.id);
    await removeData(paths.datasetDir(row.id));
  }
  invalidate("bfl:");
}
