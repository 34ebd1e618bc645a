import "server-only";
import type { Finetune } from "@/lib/api/types";
import {
  effectiveLearningRate,
  type FinetuneParams,
  type Region,
  regionSchema,
  regionsCompatible,
} from "@/lib/bfl";
import type { StoredDatasetImage } from "./dataset-store";
import { type Db, stmt, tx } from "./db";
import { getConfig } from "./env";
import { nowIso } from "./ids";
import { notifyFinetuneEnded } from "./notify-outbox";

/** SQL for the `finetunes`, `finetune_events` and `dataset_images` tables. */

/** Stored statuses: the API ones plus `Submitting` (sent to BFL, answer not yet received). */
export type FinetuneRowStatus = "Queued" | "Submitting" | "Pending" | "Ready" | "Error";

export interface FinetuneRow {
  seq: number;
  id: string;
  bfl_id: string | null;
  finetune_comment: string;
  trigger_word: string;
  mode: string;
  finetune_type: string;
  lora_rank: number | null;
  iterations: number | null;
  learning_rate: number | null;
  priority: string | null;
  captioning: number | null;
  region: string;
  status: FinetuneRowStatus;
  progress: number | null;
  error_code: string | null;
  error_message: string | null;
  dataset_file: string | null;
  dataset_bytes: number | null;
  image_count: number | null;
  source: string;
  not_before: number | null;
  attempts: number;
  /** Where BFL said to poll the training task (migration 2); null: get_result on the base host. */
  polling_url: string | null;
  /** When the polling host first answered 404 for the training task (ms; migration 2). */
  not_found_since: number | null;
  created_at: string;
  updated_at: string;
}

export function insertFinetune(
  id: string,
  p: FinetuneParams,
  region: Region,
  status: FinetuneRowStatus,
  dataset: { file: string; bytes: number; images: StoredDatasetImage[] },
): void {
  tx((db) => {
    const now = nowIso();
    stmt(
      `INSERT INTO finetunes (id, finetune_comment, trigger_word, mode, finetune_type, lora_rank, iterations,
        learning_rate, priority, captioning, region, status, dataset_file, dataset_bytes, image_count, source,
        created_at, updated_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, 'dashboard', ?, ?)`,
      db,
    ).run(
      id,
      p.finetune_comment,
      p.trigger_word,
      p.mode,
      p.finetune_type,
      p.lora_rank,
      p.iterations,
      p.learning_rate,
      p.priority,
      p.captioning ? 1 : 0,
      region,
      status,
      dataset.file,
      dataset.bytes,
      dataset.images.length,
      now,
      now,
    );
    const ins = stmt(
      `INSERT INTO dataset_images (finetune_id, idx, name, caption, width, height, format, file, thumb_file)
       VALUES (?,?,?,?,?,?,?,?,?)`,
      db,
    );
    for (const img of dataset.images) {
      ins.run(
        id,
        img.idx,
        img.name,
        img.caption,
        img.width,
        img.height,
        img.format,
        img.file,
        img.thumb_file,
      );
    }
    addFinetuneEvent(db, id, status);
  });
}

export function addFinetuneEvent(db: Db, id: string, status: string, detail?: string): void {
  stmt("INSERT INTO finetune_events (finetune_id, status, detail, at) VALUES (?,?,?,?)", db).run(
    id,
    status,
    detail ?? null,
    nowIso(),
  );
}

export function getFinetuneRow(id: string): FinetuneRow | undefined {
  return stmt("SELECT * FROM finetunes WHERE id = ? OR bfl_id = ? LIMIT 1").get(id, id) as
    | FinetuneRow
    | undefined;
}

export function listFinetuneRows(): FinetuneRow[] {
  return stmt("SELECT * FROM finetunes ORDER BY seq DESC").all() as FinetuneRow[];
}

export function finetuneRowsWithStatus(...statuses: FinetuneRowStatus[]): FinetuneRow[] {
  const marks = statuses.map(() => "?").join(",");
  return stmt(`SELECT * FROM finetunes WHERE status IN (${marks}) ORDER BY seq`).all(
    ...statuses,
  ) as FinetuneRow[];
}

/** Update columns and, when the status changes, record it in the history. */
export function updateFinetune(
  id: string,
  patch: Partial<Omit<FinetuneRow, "seq" | "id">>,
  detail?: string,
): void {
  tx((db) => {
    const before = stmt("SELECT status FROM finetunes WHERE id = ?", db).get(id) as
      | { status: string }
      | undefined;
    if (!before) return;
    const entries = Object.entries({ ...patch, updated_at: nowIso() });
    stmt(`UPDATE finetunes SET ${entries.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`, db).run(
      ...entries.map(([, v]) => v ?? null),
      id,
    );
    if (patch.status && patch.status !== before.status) {
      addFinetuneEvent(db, id, patch.status, detail);
      notifyFinetuneEnded(db, stmt("SELECT * FROM finetunes WHERE id = ?", db).get(id) as FinetuneRow);
    }
  });
}

export function deleteFinetuneRow(id: string): void {
  tx((db) => stmt("DELETE FROM finetunes WHERE id = ?", db).run(id));
}

export function datasetImages(id: string): StoredDatasetImage[] {
  return stmt("SELECT * FROM dataset_images WHERE finetune_id = ? ORDER BY idx").all(
    id,
  ) as StoredDatasetImage[];
}

function events(id: string): { status: string; at: string }[] {
  return stmt("SELECT status, at FROM finetune_events WHERE finetune_id = ? ORDER BY id").all(id) as {
    status: string;
    at: string;
  }[];
}

const API_STATUS: Record<FinetuneRowStatus, Finetune["status"]> = {
  Queued: "Queued",
  Submitting: "Pending",
  Pending: "Pending",
  Ready: "Ready",
  Error: "Error",
};

export function finetuneRowToApi(row: FinetuneRow): Finetune {
  const base = `/api/finetunes/${encodeURIComponent(row.id)}`;
  const type = row.finetune_type === "lora" ? "lora" : "full";
  // Rows written before regions other than us1/eu1 existed hold one of those two.
  const region = regionSchema.catch("us1").parse(row.region);
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
    timeline: events(row.id),
    region_mismatch: !regionsCompatible(region, getConfig().region),
    bfl_id: row.bfl_id,
  };
}
