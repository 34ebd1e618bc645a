import "server-only";
import type { Updateable } from "kysely";
import type { FinetuneParams, Region } from "@/lib/bfl";
import type { StoredDatasetImage } from "./dataset-store";
import { getDb, nullsForUndefined, tx } from "./db";
import type { FinetuneRow, FinetuneRowStatus, FinetunesTable } from "./db-schema";
import { addEvent, timelines } from "./event-repo";
import { nowIso } from "./ids";
import { notifyFinetuneEnded } from "./notify-outbox";

/** Queries of the `finetunes`, `finetune_events` and `dataset_images` tables. */

export type { FinetuneRow, FinetuneRowStatus };
export type FinetunePatch = Omit<Updateable<FinetunesTable>, "id">;

export async function insertFinetune(
  id: string,
  p: FinetuneParams,
  region: Region,
  status: FinetuneRowStatus,
  dataset: { file: string; bytes: number; images: StoredDatasetImage[] },
): Promise<void> {
  await tx(async (trx) => {
    const now = nowIso();
    await trx
      .insertInto("finetunes")
      .values({
        id,
        finetune_comment: p.finetune_comment,
        trigger_word: p.trigger_word,
        mode: p.mode,
        finetune_type: p.finetune_type,
        lora_rank: p.lora_rank,
        iterations: p.iterations,
        learning_rate: p.learning_rate,
        priority: p.priority,
        captioning: p.captioning ? 1 : 0,
        region,
        status,
        dataset_file: dataset.file,
        dataset_bytes: dataset.bytes,
        image_count: dataset.images.length,
        source: "dashboard",
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (dataset.images.length > 0) {
      await trx
        .insertInto("dataset_images")
        .values(dataset.images.map((img) => ({ finetune_id: id, ...pickImage(img) })))
        .execute();
    }
    await addEvent(trx, "finetune", id, status);
  });
}

function pickImage(img: StoredDatasetImage): StoredDatasetImage {
  const { idx, name, caption, width, height, format, file, thumb_file } = img;
  return { idx, name, caption, width, height, format, file, thumb_file };
}

export async function getFinetuneRow(id: string): Promise<FinetuneRow | undefined> {
  const db = await getDb();
  return db
    .selectFrom("finetunes")
    .selectAll()
    .where((w) => w.or([w("id", "=", id), w("bfl_id", "=", id)]))
    .limit(1)
    .executeTakeFirst();
}

export async function listFinetuneRows(): Promise<FinetuneRow[]> {
  const db = await getDb();
  return db.selectFrom("finetunes").selectAll().orderBy("seq", "desc").execute();
}

export async function finetuneRowsWithStatus(...statuses: FinetuneRowStatus[]): Promise<FinetuneRow[]> {
  if (statuses.length === 0) return [];
  const db = await getDb();
  return db.selectFrom("finetunes").selectAll().where("status", "in", statuses).orderBy("seq").execute();
}

/** Update columns and, when the status changes, record it in the history. */
export async function updateFinetune(id: string, patch: FinetunePatch, detail?: string): Promise<void> {
  await tx(async (trx) => {
    const before = await trx.selectFrom("finetunes").select("status").where("id", "=", id).executeTakeFirst();
    if (!before) return;
    const after = await trx
      .updateTable("finetunes")
      .set({ ...nullsForUndefined(patch), updated_at: nowIso() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.status && patch.status !== before.status) {
      await addEvent(trx, "finetune", id, patch.status, detail);
      await notifyFinetuneEnded(trx, after);
    }
  });
}

export async function deleteFinetuneRow(id: string): Promise<void> {
  await tx((trx) => trx.deleteFrom("finetunes").where("id", "=", id).execute());
}

export async function datasetImages(id: string): Promise<StoredDatasetImage[]> {
  const db = await getDb();
  return db
    .selectFrom("dataset_images")
    .select(["idx", "name", "caption", "width", "height", "format", "file", "thumb_file"])
    .where("finetune_id", "=", id)
    .orderBy("idx")
    .execute();
}

/** The status timelines of many finetunes in one query. */
export const finetuneTimelines = (ids: readonly string[]) => timelines("finetune", ids);
