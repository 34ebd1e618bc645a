import "server-only";
import {
  type ImportResult,
  type NewPrompt,
  type PromptExport,
  promptKey,
  type SavedPrompt,
} from "@/lib/judge/prompts";
import { type Db, getDb, tx } from "./db";
import { notFound } from "./errors";
import { newId, nowIso } from "./ids";

/** Queries of the prompt library (`prompts`, migration 14). */

const COLUMNS = ["id", "finetune_id", "title", "text", "created_at", "updated_at"] as const;

/** Global prompts plus the finetune's own when `finetuneId` is given; every prompt otherwise. */
export async function listPrompts(finetuneId?: string, db?: Db): Promise<SavedPrompt[]> {
  let query = (db ?? (await getDb())).selectFrom("prompts").select(COLUMNS);
  if (finetuneId !== undefined)
    query = query.where((w) => w.or([w("finetune_id", "is", null), w("finetune_id", "=", finetuneId)]));
  return query.orderBy("seq", "desc").execute();
}

export async function getPrompt(id: string): Promise<SavedPrompt> {
  const db = await getDb();
  const row = await db.selectFrom("prompts").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("This saved prompt");
  return row;
}

async function insert(db: Db, p: NewPrompt): Promise<string> {
  const id = newId();
  const at = nowIso();
  await db
    .insertInto("prompts")
    .values({
      id,
      finetune_id: p.finetune_id ?? null,
      title: p.title,
      text: p.text,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export async function createPrompt(p: NewPrompt): Promise<SavedPrompt> {
  return await getPrompt(await tx((trx) => insert(trx, p)));
}

export async function updatePrompt(
  id: string,
  patch: { title?: string; text?: string },
): Promise<SavedPrompt> {
  const current = await getPrompt(id);
  const db = await getDb();
  await db
    .updateTable("prompts")
    .set({ title: patch.title ?? current.title, text: patch.text ?? current.text, updated_at: nowIso() })
    .where("id", "=", id)
    .execute();
  return await getPrompt(id);
}

export async function deletePrompt(id: string): Promise<void> {
  const db = await getDb();
  const res = await db.deleteFrom("prompts").where("id", "=", id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound("This saved prompt");
}

/** Add every prompt of an export in one transaction, skipping ones already in the library. */
export async function importPrompts(file: PromptExport): Promise<ImportResult> {
  return tx(async (trx) => {
    const seen = new Set((await listPrompts(undefined, trx)).map(promptKey));
    let imported = 0;
    for (const p of file.prompts) {
      const key = promptKey(p);
      if (seen.has(key)) continue;
      seen.add(key);
      await insert(trx, p);
      imported++;
    }
    return { imported, skipped_duplicates: file.prompts.length - imported };
  });
}
