import "server-only";
import {
  type ImportResult,
  type NewPrompt,
  type PromptExport,
  promptKey,
  type SavedPrompt,
} from "@/lib/judge/prompts";
import { stmt, tx } from "./db";
import { notFound } from "./errors";
import { newId, nowIso } from "./ids";

/** SQL of the prompt library (`prompts`, migration 14). */

const COLUMNS = "id, finetune_id, title, text, created_at, updated_at";

/** Global prompts plus the finetune's own when `finetuneId` is given; every prompt otherwise. */
export function listPrompts(finetuneId?: string): SavedPrompt[] {
  if (finetuneId === undefined)
    return stmt(`SELECT ${COLUMNS} FROM prompts ORDER BY seq DESC`).all() as SavedPrompt[];
  return stmt(
    `SELECT ${COLUMNS} FROM prompts WHERE finetune_id IS NULL OR finetune_id = ? ORDER BY seq DESC`,
  ).all(finetuneId) as SavedPrompt[];
}

export function getPrompt(id: string): SavedPrompt {
  const row = stmt(`SELECT ${COLUMNS} FROM prompts WHERE id = ?`).get(id) as SavedPrompt | undefined;
  if (!row) throw notFound("This saved prompt");
  return row;
}

function insert(p: NewPrompt): string {
  const id = newId();
  const at = nowIso();
  stmt(
    "INSERT INTO prompts (id, finetune_id, title, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(id, p.finetune_id ?? null, p.title, p.text, at, at);
  return id;
}

export function createPrompt(p: NewPrompt): SavedPrompt {
  return getPrompt(tx(() => insert(p)));
}

export function updatePrompt(id: string, patch: { title?: string; text?: string }): SavedPrompt {
  const current = getPrompt(id);
  stmt("UPDATE prompts SET title = ?, text = ?, updated_at = ? WHERE id = ?").run(
    patch.title ?? current.title,
    patch.text ?? current.text,
    nowIso(),
    id,
  );
  return getPrompt(id);
}

export function deletePrompt(id: string): void {
  const res = stmt("DELETE FROM prompts WHERE id = ?").run(id);
  if (res.changes === 0) throw notFound("This saved prompt");
}

/** Add every prompt of an export in one transaction, skipping ones already in the library. */
export function importPrompts(file: PromptExport): ImportResult {
  return tx(() => {
    const seen = new Set(listPrompts().map(promptKey));
    let imported = 0;
    for (const p of file.prompts) {
      const key = promptKey(p);
      if (seen.has(key)) continue;
      seen.add(key);
      insert(p);
      imported++;
    }
    return { imported, skipped_duplicates: file.prompts.length - imported };
  });
}
