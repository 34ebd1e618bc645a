import "server-only";
import { getDb, tx } from "./db";
import type { LoraRow } from "./db-schema";
import { nowIso } from "./ids";

/** Queries of the `loras` table: FLUX.2 [klein] LoRAs added here by name (they live at BFL). */

export type { LoraRow };

/** False when a LoRA with this id is already added. */
export async function insertLora(row: Omit<LoraRow, "seq" | "created_at">): Promise<boolean> {
  return tx(async (trx) => {
    const res = await trx
      .insertInto("loras")
      .values({
        id: row.id,
        base_model: row.base_model,
        precision: row.precision,
        trigger_phrase: row.trigger_phrase,
        created_at: nowIso(),
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  });
}

export async function getLoraRow(id: string): Promise<LoraRow | undefined> {
  const db = await getDb();
  return db.selectFrom("loras").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listLoraRows(): Promise<LoraRow[]> {
  const db = await getDb();
  return db.selectFrom("loras").selectAll().orderBy("seq", "desc").execute();
}

/** False when there was none. */
export async function deleteLoraRow(id: string): Promise<boolean> {
  return tx(async (trx) => {
    const res = await trx.deleteFrom("loras").where("id", "=", id).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  });
}
