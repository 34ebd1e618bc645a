"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertText } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button-styles";
import { playgroundChoices } from "@/lib/playground/choices";
import { finetuneListResponseOptions } from "@/lib/queries/finetunes";
import { PROMPT_EXPORT_URL, promptListOptions, useDeletePrompt } from "@/lib/queries/prompts";
import { NewPromptForm } from "./new-prompt-form";
import { PromptImport } from "./prompt-import";

/** The library page: every saved prompt with its owner, add, delete, export and import. */
export function PromptLibrary() {
  const prompts = useQuery(promptListOptions());
  const finetunes = useQuery(finetuneListResponseOptions());
  const remove = useDeletePrompt();
  const list = finetunes.data;
  const owners = list
    ? [
        ...list.finetunes.map((f) => ({ id: f.id, label: f.finetune_comment, detail: f.trigger_word })),
        ...playgroundChoices([], list.loras),
      ]
    : [];
  const names = new Map(owners.map((f) => [f.id, f.label]));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap gap-2">
        <a
          href={PROMPT_EXPORT_URL}
          download="prompts.json"
          className={buttonStyles.secondary}
          data-testid="export-prompts"
        >
          Export as JSON
        </a>
        <PromptImport />
      </div>
      <NewPromptForm owners={owners} />
      <section aria-labelledby="saved-prompts-h">
        <h2 id="saved-prompts-h" className="text-lg font-semibold">
          Saved prompts{prompts.data ? ` (${prompts.data.length})` : ""}
        </h2>
        {prompts.isPending && <p className="text-sm">Loading…</p>}
        <AlertText
          message={prompts.error && `The prompt library could not be loaded: ${prompts.error.message}`}
        />
        {prompts.data?.length === 0 && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No saved prompts yet.</p>
        )}
        <ul className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-700" data-testid="prompt-list">
          {prompts.data?.map((p) => (
            <li key={p.id} className="flex items-start justify-between gap-3 py-2" data-testid="prompt-row">
              <div className="min-w-0">
                <p className="font-medium">{p.title}</p>
                <p className="break-words text-sm text-zinc-700 dark:text-zinc-300">{p.text}</p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {p.finetune_id
                    ? `Only for ${names.get(p.finetune_id) ?? `finetune ${p.finetune_id} (not in this account)`}`
                    : "All finetunes"}
                </p>
              </div>
              <button
                type="button"
                className={buttonStyles.ghost}
                disabled={remove.isPending}
                onClick={() => remove.mutate(p.id)}
                aria-label={`Delete “${p.title}”`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
        <AlertText message={remove.error?.message} />
      </section>
    </div>
  );
}
