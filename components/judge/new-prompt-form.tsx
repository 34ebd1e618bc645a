"use client";

import { useId, useState } from "react";
import { AlertText } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button-styles";
import { FIELD_INPUT, FormField } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { hasPlaceholder, TRIGGER_PLACEHOLDER } from "@/lib/judge/prompts";
import { useSavePrompt } from "@/lib/queries/prompts";

/** Add a prompt to the library, global or for one finetune or klein LoRA. */
export function NewPromptForm({ owners }: { owners: { id: string; label: string; detail: string }[] }) {
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [owner, setOwner] = useState("");
  const save = useSavePrompt();
  const ids = { title: useId(), text: useId(), owner: useId() };
  const noPlaceholder = text.trim() !== "" && !hasPlaceholder(text);
  return (
    <form
      aria-label="New prompt"
      className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-700"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          { title, text, finetune_id: owner || null },
          {
            onSuccess: () => {
              setTitle("");
              setText("");
            },
          },
        );
      }}
    >
      <h2 className="text-lg font-semibold">New prompt</h2>
      <FormField id={ids.title} label="Title" hint="A short name to find it in the playground's list.">
        <input
          id={ids.title}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          aria-describedby={`${ids.title}-hint`}
          className={FIELD_INPUT}
          data-testid="new-prompt-title"
        />
      </FormField>
      <FormField
        id={ids.text}
        label="Prompt"
        hint={
          noPlaceholder
            ? `No ${TRIGGER_PLACEHOLDER} in this prompt: it will be used as written, without a trigger word.`
            : `${TRIGGER_PLACEHOLDER} becomes the trigger word of the finetune it is used with.`
        }
      >
        <textarea
          id={ids.text}
          value={text}
          rows={3}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={`${ids.text}-hint`}
          placeholder={`a photo of ${TRIGGER_PLACEHOLDER} on a wooden desk, soft window light`}
          className={FIELD_INPUT}
          data-testid="new-prompt-text"
        />
      </FormField>
      <FormField id={ids.owner} label="For" hint="All finetunes, or only one.">
        <Select
          id={ids.owner}
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          aria-describedby={`${ids.owner}-hint`}
          data-testid="new-prompt-owner"
          options={owners.map((f) => ({ value: f.id, label: `${f.label} · ${f.detail}` }))}
        >
          <option value="">All finetunes</option>
        </Select>
      </FormField>
      <AlertText message={save.error?.message} />
      <button
        type="submit"
        className={buttonStyles.primary}
        disabled={save.isPending}
        data-testid="new-prompt-save"
      >
        Save prompt
      </button>
    </form>
  );
}
