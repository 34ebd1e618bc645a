"use client";

import { useId, useState } from "react";
import { AlertText } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button-styles";
import { FIELD_INPUT, FormField } from "@/components/ui/field";
import { toast } from "@/components/ui/toast-store";
import { type PromptOwner, toTemplate } from "@/lib/judge/prompts";
import { useSavePrompt } from "@/lib/queries/prompts";

/** Save the playground's prompt as a template: the finetune's trigger becomes `[trigger]`. */
export function SavePromptForm({
  prompt,
  finetune,
  onDone,
}: {
  prompt: string;
  finetune: PromptOwner | null;
  onDone: () => void;
}) {
  const template = toTemplate(prompt.trim(), finetune?.trigger);
  const [title, setTitle] = useState(() => template.slice(0, 60));
  const [ownOnly, setOwnOnly] = useState(false);
  const save = useSavePrompt();
  const titleId = useId();
  return (
    <div className="mt-2 space-y-2" data-testid="save-prompt-form">
      <FormField id={titleId} label="Title" hint={`Saved as: ${template}`}>
        <input
          id={titleId}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          aria-describedby={`${titleId}-hint`}
          data-testid="save-prompt-title"
          className={FIELD_INPUT}
        />
      </FormField>
      {finetune && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={ownOnly}
            onChange={(e) => setOwnOnly(e.target.checked)}
            data-testid="save-prompt-own"
          />
          Only for “{finetune.label}” (otherwise offered for every finetune)
        </label>
      )}
      <AlertText message={save.error?.message} />
      <button
        type="button"
        className={buttonStyles.primary}
        disabled={save.isPending}
        data-testid="save-prompt"
        onClick={() =>
          save.mutate(
            { title, text: template, finetune_id: ownOnly && finetune ? finetune.id : null },
            {
              onSuccess: (p) => {
                toast({ title: `Saved “${p.title}” to the prompt library`, tone: "success" });
                onDone();
              },
            },
          )
        }
      >
        Save prompt
      </button>
    </div>
  );
}
