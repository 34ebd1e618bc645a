"use client";

import { ProgressBar } from "@/components/ui/progress-bar";
import type { Finetune } from "@/lib/api/types";
import { progressText } from "@/lib/finetunes/format";
import { useFinetuneProgress } from "./use-finetune-progress";

/** The bar and its words for unfinished finetunes. Hidden once Ready or Error (the badge says it). */
export function FinetuneProgress({ finetune }: { finetune: Finetune }) {
  const view = useFinetuneProgress(finetune);
  if (view.value === null || view.kind === "ready") return null;
  const text = progressText(view);
  const name = finetune.finetune_comment || finetune.id;
  return (
    <div
      className="space-y-1"
      data-testid="finetune-progress"
      data-kind={view.kind}
      data-expected-ms={view.expectedMs ?? undefined}
      data-eta-ms={view.etaMs ?? undefined}
    >
      <ProgressBar
        value={view.value}
        label={`Training progress of ${name}`}
        valueText={text.detail ? `${text.main}, ${text.detail}` : text.main}
        striped={view.kind === "estimate"}
        testId="finetune-progress-bar"
      />
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        <span className="font-semibold text-zinc-800 dark:text-zinc-200">{text.main}</span>
        {text.detail ? <span> · {text.detail}</span> : null}
      </p>
    </div>
  );
}
