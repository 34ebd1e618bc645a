import "server-only";
import type { FinetuneParams, Region } from "@/lib/bfl";
import type { StoredDatasetImage } from "./dataset-store";
import { type Db, stmt, tx } from "./db";
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

/** The status timelines of many finetunes in one query (list endpoints map every row with it). */
export function finetuneTimelines(ids: readonly string[]): Map<string, { status: string; at: string }[]> {
  const rows = stmt(
    "SELECT finetune_id, status, at FROM finetune_events WHERE finetune_id IN (SELECT value FROM json_each(?)) ORDER BY id",
  ).all(JSON.stringify(ids)) as { finetune_id: string; status: string; at: string }[];
  const out = new Map<string, { status: string; at: string }[]>();
  for (const r of rows) {
    const list = out.get(r.finetune_id) ?? [];
    list.push({ status: r.status, at: r.at });
    out.set(r.finetune_id, list);
  }
  return out;
}
