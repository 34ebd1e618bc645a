import "server-only";
import { sql } from "kysely";
import { type Db, getDb } from "./db";
import { nowIso } from "./ids";

/**
 * The status histories of finetunes and generations: one event table per kind, with the same columns
 * but for the name of the owner's id, so one query serves both.
 */

const EVENT_TABLES = {
  finetune: { table: "finetune_events", owner: "finetune_id" },
  generation: { table: "generation_events", owner: "generation_id" },
} as const;

export type EventKind = keyof typeof EVENT_TABLES;
export type Timeline = { status: string; at: string }[];

/** Record a status change (inside the caller's transaction). */
export async function addEvent(
  db: Db,
  kind: EventKind,
  id: string,
  status: string,
  detail?: string,
): Promise<void> {
  const { table, owner } = EVENT_TABLES[kind];
  await sql`INSERT INTO ${sql.table(table)} (${sql.ref(owner)}, status, detail, at)
    VALUES (${id}, ${status}, ${detail ?? null}, ${nowIso()})`.execute(db);
}

/** The status timelines of many rows of one kind in one query (list endpoints map every row with it). */
export async function timelines(kind: EventKind, ids: readonly string[]): Promise<Map<string, Timeline>> {
  const out = new Map<string, Timeline>();
  if (ids.length === 0) return out;
  const { table, owner } = EVENT_TABLES[kind];
  const { rows } = await sql<{ owner_id: string; status: string; at: string }>`
    SELECT ${sql.ref(owner)} AS owner_id, status, at FROM ${sql.table(table)}
    WHERE ${sql.ref(owner)} IN (${sql.join(ids)}) ORDER BY id`.execute(await getDb());
  for (const r of rows) {
    const list = out.get(r.owner_id) ?? [];
    list.push({ status: r.status, at: r.at });
    out.set(r.owner_id, list);
  }
  return out;
}
