import "server-only";
import type { Generation, GenerationStatus } from "@/lib/api/types";
import { type InferenceEndpoint, isTerminalBflStatus } from "@/lib/bfl";
import { type Db, stmt, tx } from "./db";
import { nowIso } from "./ids";
import { notifyJobIfFinished } from "./job-notify";

/** SQL for the `generations` and `generation_events` tables. */

/** Stored statuses: the API ones plus `Submitting` (sent to BFL, answer not yet received). */
export type GenerationRowStatus = GenerationStatus | "Submitting";

export interface GenerationRow {
  seq: number;
  id: string;
  finetune_id: string;
  bfl_finetune_id: string;
  finetune_comment: string | null;
  finetune_deleted: number;
  endpoint: InferenceEndpoint;
  finetune_strength: number;
  prompt: string;
  seed: number | null;
  params: string;
  inputs: string;
  status: GenerationRowStatus;
  bfl_status: string | null;
  error_code: string | null;
  error_message: string | null;
  cost: number | null;
  /** "bfl" or "price_table" (migration 15); null on rows from before it. */
  cost_source?: "bfl" | "price_table" | null;
  image_file: string | null;
  thumb_file: string | null;
  content_type: string | null;
  width: number | null;
  height: number | null;
  output_format: string | null;
  sweep_id: string | null;
  bfl_task_id: string | null;
  polling_url: string | null;
  not_before: number | null;
  attempts: number;
  /** When the polling host first answered 404 for this task (ms; migration 2); null otherwise. */
  not_found_since: number | null;
  created_at: string;
  updated_at: string;
}

export type NewGeneration = Pick<
  GenerationRow,
  | "id"
  | "finetune_id"
  | "bfl_finetune_id"
  | "finetune_comment"
  | "endpoint"
  | "finetune_strength"
  | "prompt"
  | "seed"
  | "params"
  | "inputs"
  | "status"
  | "output_format"
  | "sweep_id"
>;

export function insertGeneration(g: NewGeneration): void {
  tx((db) => {
    const now = nowIso();
    stmt(
      `INSERT INTO generations (id, finetune_id, bfl_finetune_id, finetune_comment, endpoint, finetune_strength,
        prompt, seed, params, inputs, status, output_format, sweep_id, created_at, updated_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      db,
    ).run(
      g.id,
      g.finetune_id,
      g.bfl_finetune_id,
      g.finetune_comment,
      g.endpoint,
      g.finetune_strength,
      g.prompt,
      g.seed,
      g.params,
      g.inputs,
      g.status,
      g.output_format,
      g.sweep_id,
      now,
      now,
    );
    addGenerationEvent(db, g.id, g.status);
  });
}

export function addGenerationEvent(db: Db, id: string, status: string, detail?: string): void {
  stmt("INSERT INTO generation_events (generation_id, status, detail, at) VALUES (?,?,?,?)", db).run(
    id,
    status,
    detail ?? null,
    nowIso(),
  );
}

export function getGenerationRow(id: string): GenerationRow | undefined {
  return stmt("SELECT * FROM generations WHERE id = ?").get(id) as GenerationRow | undefined;
}

export function generationRowsWithStatus(...statuses: GenerationRowStatus[]): GenerationRow[] {
  const marks = statuses.map(() => "?").join(",");
  return stmt(`SELECT * FROM generations WHERE status IN (${marks}) ORDER BY seq`).all(
    ...statuses,
  ) as GenerationRow[];
}

export function listGenerationRows(filter: {
  finetune_id?: string | undefined;
  endpoint?: string | undefined;
  before?: number | undefined;
  /** Words that must all appear in the prompt or the finetune's comment (case-insensitive). */
  q?: string | undefined;
  favourites?: boolean | undefined;
  limit: number;
}): GenerationRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  for (const term of (filter.q ?? "").toLowerCase().split(/\s+/).filter(Boolean)) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      "(lower(prompt) LIKE ? ESCAPE '\\' OR lower(coalesce(finetune_comment, '')) LIKE ? ESCAPE '\\')",
    );
    args.push(like, like);
  }
  if (filter.favourites) {
    where.push("id IN (SELECT generation_id FROM generation_favourites)");
  }
  if (filter.finetune_id) {
    where.push("finetune_id = ?");
    args.push(filter.finetune_id);
  }
  if (filter.endpoint) {
    where.push("endpoint = ?");
    args.push(filter.endpoint);
  }
  if (filter.before !== undefined) {
    where.push("seq < ?");
    args.push(filter.before);
  }
  const sql = `SELECT * FROM generations ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY seq DESC LIMIT ?`;
  return stmt(sql).all(...args, filter.limit) as GenerationRow[];
}

/** Update columns and, when the status changes, record it in the history. Returns false if gone. */
export function updateGeneration(
  id: string,
  patch: Partial<Omit<GenerationRow, "seq" | "id">>,
  detail?: string,
): boolean {
  return tx((db) => {
    const before = stmt("SELECT status, sweep_id FROM generations WHERE id = ?", db).get(id) as
      | { status: string; sweep_id: string | null }
      | undefined;
    if (!before) return false;
    const entries = Object.entries({ ...patch, updated_at: nowIso() });
    stmt(`UPDATE generations SET ${entries.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`, db).run(
      ...entries.map(([, v]) => v ?? null),
      id,
    );
    if (patch.status && patch.status !== before.status) {
      addGenerationEvent(db, id, patch.status, detail);
      notifyJobIfFinished(db, before.sweep_id);
    }
    return true;
  });
}

export function deleteGenerationRow(id: string): void {
  tx((db) => stmt("DELETE FROM generations WHERE id = ?", db).run(id));
}

export function markFinetuneDeleted(finetuneId: string, bflId: string): void {
  tx((db) =>
    stmt("UPDATE generations SET finetune_deleted = 1 WHERE finetune_id = ? OR bfl_finetune_id = ?", db).run(
      finetuneId,
      bflId,
    ),
  );
}

/** Mark or unmark an image as a favourite. Returns false when the image does not exist. */
export function setFavourite(id: string, favourite: boolean): boolean {
  if (!getGenerationRow(id)) return false;
  if (favourite) {
    stmt("INSERT OR IGNORE INTO generation_favourites (generation_id, at) VALUES (?, ?)").run(id, nowIso());
  } else {
    stmt("DELETE FROM generation_favourites WHERE generation_id = ?").run(id);
  }
  return true;
}

function isFavourite(id: string): boolean {
  return stmt("SELECT 1 FROM generation_favourites WHERE generation_id = ?").get(id) !== undefined;
}

function events(id: string): { status: string; at: string }[] {
  return stmt("SELECT status, at FROM generation_events WHERE generation_id = ? ORDER BY id").all(id) as {
    status: string;
    at: string;
  }[];
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function generationRowToApi(row: GenerationRow): Generation {
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
    timeline: events(row.id),
    favourite: isFavourite(row.id),
  };
}
