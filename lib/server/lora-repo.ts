import "server-only";
import type { KleinBaseModel, KleinPrecision } from "@/lib/bfl";
import { stmt, tx } from "./db";
import { nowIso } from "./ids";

/** SQL for the `loras` table: FLUX.2 [klein] LoRAs added here by name (they live at BFL). */

export interface LoraRow {
  seq: number;
  id: string;
  base_model: KleinBaseModel;
  precision: KleinPrecision;
  trigger_phrase: string | null;
  created_at: string;
}

/** False when a LoRA with this id is already added. */
export function insertLora(row: Omit<LoraRow, "seq" | "created_at">): boolean {
  return tx((db) => {
    const info = stmt(
      `INSERT INTO loras (id, base_model, precision, trigger_phrase, created_at) VALUES (?,?,?,?,?)
       ON CONFLICT(id) DO NOTHING`,
      db,
    ).run(row.id, row.base_model, row.precision, row.trigger_phrase, nowIso());
    return info.changes === 1;
  });
}

export function getLoraRow(id: string): LoraRow | undefined {
  return stmt("SELECT * FROM loras WHERE id = ?").get(id) as LoraRow | undefined;
}

export function listLoraRows(): LoraRow[] {
  return stmt("SELECT * FROM loras ORDER BY seq DESC").all() as LoraRow[];
}

/** False when there was none. */
export function deleteLoraRow(id: string): boolean {
  return tx((db) => stmt("DELETE FROM loras WHERE id = ?", db).run(id).changes === 1);
}
