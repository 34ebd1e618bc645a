"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { AlertText } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button-styles";
import { fillTrigger, type PromptOwner, promptsFor } from "@/lib/judge/prompts";
import { promptListOptions } from "@/lib/queries/prompts";
import { SavePromptForm } from "./save-prompt-form";

const INPUT =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-600 dark:bg-zinc-900";

/**
 * The playground's door to the prompt library: pick a saved prompt (the finetune's own first, then the
 * global ones) and it fills the prompt with `[trigger]` replaced by this finetune's trigger; or save the
 * current prompt, its trigger turned back into `[trigger]`.
 */
export function PromptLibraryPicker({
  finetune,
  prompt,
  onUse,
}: {
  finetune: PromptOwner | null;
  prompt: string;
  onUse: (text: string) => void;
}) {
  const library = useQuery(promptListOptions());
  const [chosen, setChosen] = useState("");
  const [saving, setSaving] = useState(false);
  const selectId = useId();
  const shown = promptsFor(library.data ?? [], finetune?.id ?? null);
  const picked = shown.find((p) => p.id === chosen);

  return (
    <section
      aria-label="Prompt library"
      className="rounded-md border border-zinc-200 p-2 dark:border-zinc-700"
      data-testid="prompt-library"
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1">
          <label htmlFor={selectId} className="block text-sm font-medium">
            Saved prompts
          </label>
          <select
            id={selectId}
            value={picked ? chosen : ""}
            onChange={(e) => setChosen(e.target.value)}
            data-testid="saved-prompt-select"
            className={`mt-1 ${INPUT}`}
            disabled={shown.length === 0}
          >
            <option value="">
              {library.isPending
                ? "Loading…"
                : shown.length
                  ? "Choose a saved prompt…"
                  : "No saved prompts yet"}
            </option>
            {shown.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
                {p.finetune_id ? " (this finetune)" : ""}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={!picked}
          onClick={() => picked && onUse(fillTrigger(picked.text, finetune?.trigger))}
          data-testid="use-saved-prompt"
        >
          Use prompt
        </button>
        <button
          type="button"
          className={buttonStyles.ghost}
          aria-expanded={saving}
          disabled={!prompt.trim()}
          onClick={() => setSaving((v) => !v)}
          data-testid="save-prompt-open"
        >
          Save this prompt
        </button>
        <Link href="/prompts" className="pb-1.5 text-sm underline">
          Manage prompts
        </Link>
      </div>
      {picked && (
        <p className="mt-1 text-xs text-zinc-700 dark:text-zinc-300" data-testid="saved-prompt-preview">
          {fillTrigger(picked.text, finetune?.trigger)}
        </p>
      )}
      <AlertText
        message={library.error && `The prompt library could not be loaded: ${library.error.message}`}
      />
      {saving && <SavePromptForm prompt={prompt} finetune={finetune} onDone={() => setSaving(false)} />}
    </section>
  );
}
