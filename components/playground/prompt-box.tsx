"use client";

import { useId } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { TEXT_LIMITS } from "@/lib/api/text-limits";
import { applyTriggerWord, containsTrigger, promptTips, triggerHint } from "@/lib/playground/prompt-helper";

export function PromptBox({
  value,
  onChange,
  trigger,
  mode,
  required,
}: {
  value: string;
  onChange: (v: string) => void;
  trigger: string | null;
  mode: string | null;
  required: boolean;
}) {
  const id = useId();
  const hasTrigger = trigger ? containsTrigger(value, trigger) : true;
  // No warning on an empty prompt: there is nothing to fix yet (Generate says a prompt is needed).
  const warnTrigger = Boolean(trigger) && !hasTrigger && value.trim() !== "";
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          Prompt{required ? " (required)" : ""}
        </label>
        {trigger && (
          <button
            type="button"
            className={buttonStyles.secondary}
            disabled={hasTrigger}
            title={triggerHint(trigger, mode ?? "general")}
            onClick={() => onChange(applyTriggerWord(value, trigger, mode ?? "general"))}
            data-testid="insert-trigger"
          >
            {mode === "style" ? `Add “in the style of ${trigger}”` : `Insert “${trigger}”`}
          </button>
        )}
      </div>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={TEXT_LIMITS.prompt}
        rows={4}
        data-testid="prompt"
        placeholder={trigger ? `${trigger}, a photo of ${trigger} on a park bench` : "Describe the image"}
        className="mt-1 w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-600 dark:bg-zinc-900"
      />
      {warnTrigger && (
        <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="trigger-warning">
          The prompt does not mention the trigger word “{trigger}”: the finetune may not show.
        </p>
      )}
      {mode && (
        <details className="mt-1 text-xs text-zinc-700 dark:text-zinc-300">
          <summary className="cursor-pointer font-medium">Prompting tips ({mode} finetune)</summary>
          <ul className="mt-1 list-disc pl-5">
            {promptTips(mode).map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
