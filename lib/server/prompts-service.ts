import "server-only";
import {
  type ImportResult,
  type NewPrompt,
  PROMPT_EXPORT_FORMAT,
  type PromptExport,
  type SavedPrompt,
} from "@/lib/judge/prompts";
import { createPrompt, deletePrompt, importPrompts, listPrompts, updatePrompt } from "./prompt-repo";

/** The prompt library: saved prompts, global or a finetune's own, and its export file. */

/** `finetuneId`: the global prompts plus that finetune's; without it, the whole library. */
export async function promptList(finetuneId?: string): Promise<SavedPrompt[]> {
  return listPrompts(finetuneId);
}

export async function addPrompt(p: NewPrompt): Promise<SavedPrompt> {
  return createPrompt(p);
}

export async function editPrompt(id: string, patch: { title?: string; text?: string }): Promise<SavedPrompt> {
  return updatePrompt(id, patch);
}

export async function removePrompt(id: string): Promise<void> {
  await deletePrompt(id);
}

/** Adds the prompts of an export file; ones already in the library (same owner, title, text) are skipped. */
export async function importPromptFile(file: PromptExport): Promise<ImportResult> {
  return importPrompts(file);
}

/** The whole library, oldest first, in the shape `importPromptFile` reads. */
export async function exportPromptFile(): Promise<PromptExport> {
  return {
    format: PROMPT_EXPORT_FORMAT,
    version: 1,
    exported_at: new Date().toISOString(),
    prompts: (await listPrompts())
      .reverse()
      .map((p) => ({ title: p.title, text: p.text, finetune_id: p.finetune_id })),
  };
}
