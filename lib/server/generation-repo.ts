import "server-only";
import type { GenerationStatus } from "@/lib/api/types";
import type { InferenceEndpoint } from "@/lib/bfl";
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

/** The status timelines of many generations in one query (list endpoints map every row with it). */
export function generationTimelines(ids: readonly string[]): Map<string, { status: string; at: string }[]> {
  const rows = stmt(
    "SELECT generation_id, status, at FROM generation_events WHERE generation_id IN (SELECT value FROM json_each(?)) ORDER BY id",
  ).all(JSON.stringify(ids)) as { generation_id: string; status: string; at: string }[];
  const out = new Map<string, { status: string; at: string }[]>();
  for (const r of rows) {
    const list = out.get(r.generation_id) ?? [];
    list.push({ status: r.status, at: r.at });
    out.set(r.generation_id, list);
  }
  return out;
}

/** Which of `ids` are favourites, in one query. */
export function favouriteIds(ids: readonly string[]): Set<string> {
  const rows = stmt(
    "SELECT generation_id FROM generation_favourites WHERE generation_id IN (SELECT value FROM json_each(?))",
  ).all(JSON.stringify(ids)) as { generation_id: string }[];
  return new Set(rows.map((r) => r.generation_id));
}
