import "server-only";
import { sql, type Updateable } from "kysely";
import { getDb, nullsForUndefined, tx } from "./db";
import type { GenerationRow, GenerationRowStatus, GenerationsTable } from "./db-schema";
import { addEvent, timelines } from "./event-repo";
import { nowIso } from "./ids";
import { notifyJobIfFinished } from "./job-notify";

/** Queries of the `generations`, `generation_events` and `generation_favourites` tables. */

export type { GenerationRow, GenerationRowStatus };
export type GenerationPatch = Omit<Updateable<GenerationsTable>, "id">;

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

export async function insertGeneration(g: NewGeneration): Promise<void> {
  await tx(async (trx) => {
    const now = nowIso();
    await trx
      .insertInto("generations")
      .values({
        id: g.id,
        finetune_id: g.finetune_id,
        bfl_finetune_id: g.bfl_finetune_id,
        finetune_comment: g.finetune_comment,
        endpoint: g.endpoint,
        finetune_strength: g.finetune_strength,
        prompt: g.prompt,
        seed: g.seed,
        params: g.params,
        inputs: g.inputs,
        status: g.status,
        output_format: g.output_format,
        sweep_id: g.sweep_id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await addEvent(trx, "generation", g.id, g.status);
  });
}

export async function getGenerationRow(id: string): Promise<GenerationRow | undefined> {
  const db = await getDb();
  return db.selectFrom("generations").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function generationRowsWithStatus(...statuses: GenerationRowStatus[]): Promise<GenerationRow[]> {
  if (statuses.length === 0) return [];
  const db = await getDb();
  return db.selectFrom("generations").selectAll().where("status", "in", statuses).orderBy("seq").execute();
}

export async function listGenerationRows(filter: {
  finetune_id?: string | undefined;
  endpoint?: string | undefined;
  before?: number | undefined;
  /** Words that must all appear in the prompt or the finetune's comment (case-insensitive). */
  q?: string | undefined;
  favourites?: boolean | undefined;
  limit: number;
}): Promise<GenerationRow[]> {
  const db = await getDb();
  let query = db.selectFrom("generations").selectAll();
  for (const term of (filter.q ?? "").toLowerCase().split(/\s+/).filter(Boolean)) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(
      sql<boolean>`(lower(prompt) LIKE ${like} ESCAPE '\\' OR lower(coalesce(finetune_comment, '')) LIKE ${like} ESCAPE '\\')`,
    );
  }
  if (filter.favourites) {
    query = query.where("id", "in", db.selectFrom("generation_favourites").select("generation_id"));
  }
  if (filter.finetune_id) query = query.where("finetune_id", "=", filter.finetune_id);
  if (filter.endpoint) query = query.where("endpoint", "=", filter.endpoint as GenerationRow["endpoint"]);
  if (filter.before !== undefined) query = query.where("seq", "<", filter.before);
  return query.orderBy("seq", "desc").limit(filter.limit).execute();
}

/** Update columns and, when the status changes, record it in the history. Returns false if gone. */
export async function updateGeneration(
  id: string,
  patch: GenerationPatch,
  detail?: string,
): Promise<boolean> {
  return tx(async (trx) => {
    const before = await trx
      .selectFrom("generations")
      .select(["status", "sweep_id"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!before) return false;
    await trx
      .updateTable("generations")
      .set({ ...nullsForUndefined(patch), updated_at: nowIso() })
      .where("id", "=", id)
      .execute();
    if (patch.status && patch.status !== before.status) {
      await addEvent(trx, "generation", id, patch.status, detail);
      await notifyJobIfFinished(trx, before.sweep_id);
    }
    return true;
  });
}

export async function deleteGenerationRow(id: string): Promise<void> {
  await tx((trx) => trx.deleteFrom("generations").where("id", "=", id).execute());
}

export async function markFinetuneDeleted(finetuneId: string, bflId: string): Promise<void> {
  await tx((trx) =>
    trx
      .updateTable("generations")
      .set({ finetune_deleted: 1 })
      .where((w) => w.or([w("finetune_id", "=", finetuneId), w("bfl_finetune_id", "=", bflId)]))
      .execute(),
  );
}

/** Mark or unmark an image as a favourite. Returns false when the image does not exist. */
export async function setFavourite(id: string, favourite: boolean): Promise<boolean> {
  if (!(await getGenerationRow(id))) return false;
  const db = await getDb();
  if (favourite) {
    await db
      .insertInto("generation_favourites")
      .values({ generation_id: id, at: nowIso() })
      .onConflict((oc) => oc.column("generation_id").doNothing())
      .execute();
  } else {
    await db.deleteFrom("generation_favourites").where("generation_id", "=", id).execute();
  }
  return true;
}

/** The status timelines of many generations in one query. */
export const generationTimelines = (ids: readonly string[]) => timelines("generation", ids);

/** Which of `ids` are favourites, in one query. */
export async function favouriteIds(ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const db = await getDb();
  const rows = await db
    .selectFrom("generation_favourites")
    .select("generation_id")
    .where("generation_id", "in", ids)
    .execute();
  return new Set(rows.map((r) => r.generation_id));
}
