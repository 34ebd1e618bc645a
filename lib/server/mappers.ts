import "server-only";
import type { Finetune, Generation } from "@/lib/api/types";
import { effectiveLearningRate, isTerminalBflStatus, regionSchema, regionsCompatible } from "@/lib/bfl";
import { getConfig } from "./env";
import type { Timeline } from "./event-repo";
import { type FinetuneRow, type FinetuneRowStatus, finetuneTimelines } from "./finetune-repo";
import { favouriteIds, type GenerationRow, generationTimelines } from "./generation-repo";

/**
 * Database rows in the API's shapes (lib/api/types). A list is mapped with one query per related
 * table for all its rows (timelines, favourites), never one per row.
 */

const API_STATUS: Record<FinetuneRowStatus, Finetune["status"]> = {
  Queued: "Queued",
  Submitting: "Pending",
  Pending: "Pending",
  Ready: "Ready",
  Error: "Error",
};

/** Rows written before regions other than us1/eu1 existed hold one of those two. */
const storedRegion = regionSchema.catch("us1");

function finetuneToApi(row: FinetuneRow, timeline: Timeline): Finetune {
  const base = `/api/finetunes/${encodeURIComponent(row.id)}`;
  const type = row.finetune_type === "lora" ? "lora" : "full";
  const region = storedRegion.parse(row.region);
  return {
    id: row.id,
    finetune_comment: row.finetune_comment,
    trigger_word: row.trigger_word,
    mode: row.mode,
    finetune_type: row.finetune_type,
    lora_rank: row.lora_rank,
    iterations: row.iterations,
    learning_rate: effectiveLearningRate({ learning_rate: row.learning_rate, finetune_type: type }),
    priority: row.priority,
    captioning: row.captioning === null ? null : row.captioning === 1,
    region,
    status: API_STATUS[row.status],
    progress: row.progress,
    created_at: row.created_at,
    updated_at: row.updated_at,
    error: row.error_message,
    source: "dashboard",
    has_dataset: row.dataset_file !== null,
    image_count: row.image_count,
    thumbnails: Array.from({ length: row.image_count ?? 0 }, (_, i) => `${base}/images/${i}/thumbnail`),
    timeline,
    region_mismatch: !regionsCompatible(region, getConfig().region),
    bfl_id: row.bfl_id,
  };
}

export async function finetuneRowsToApi(rows: readonly FinetuneRow[]): Promise<Finetune[]> {
  const timelines = await finetuneTimelines(rows.map((r) => r.id));
  return rows.map((r) => finetuneToApi(r, timelines.get(r.id) ?? []));
}

export async function finetuneRowToApi(row: FinetuneRow): Promise<Finetune> {
  return finetuneToApi(row, (await finetuneTimelines([row.id])).get(row.id) ?? []);
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function generationToApi(row: GenerationRow, timeline: Timeline, favourite: boolean): Generation {
  const base = `/api/generations/${row.id}`;
  const ready = row.status === "Ready" && row.image_file !== null;
  return {
    id: row.id,
    finetune_id: row.finetune_id,
    finetune_comment: row.finetune_comment,
    finetune_deleted: row.finetune_deleted === 1,
    endpoint: row.endpoint,
    finetune_strength: row.finetune_strength,
    prompt: row.prompt,
    seed: row.seed,
    params: parseJson<Record<string, unknown>>(row.params, {}),
    inputs: parseJson<string[]>(row.inputs, []),
    status: row.status === "Submitting" ? "Pending" : row.status,
    bfl_status:
      row.status === "Pending" && row.bfl_status && !isTerminalBflStatus(row.bfl_status)
        ? row.bfl_status
        : null,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? "" } : null,
    image_url: ready ? `${base}/image` : null,
    thumbnail_url: ready && row.thumb_file ? `${base}/thumbnail` : null,
    width: row.width,
    height: row.height,
    output_format: row.output_format,
    cost: row.cost,
    sweep_id: row.sweep_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    timeline,
    favourite,
  };
}

export async function generationRowsToApi(rows: readonly GenerationRow[]): Promise<Generation[]> {
  const ids = rows.map((r) => r.id);
  const [timelines, favourites] = await Promise.all([generationTimelines(ids), favouriteIds(ids)]);
  return rows.map((r) => generationToApi(r, timelines.get(r.id) ?? [], favourites.has(r.id)));
}

export async function generationRowToApi(row: GenerationRow): Promise<Generation> {
  return (await generationRowsToApi([row]))[0] as Generation;
}
