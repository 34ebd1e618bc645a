"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertText } from "@/components/ui/alert";
import { evalSetOptions } from "@/lib/queries/eval-sets";
import { ApiError } from "@/lib/queries/fetcher";
import { finetuneDetailOptions } from "@/lib/queries/finetunes";
import { CompareGrid } from "./compare-grid";
import { EvalSetForm } from "./eval-set-form";

/** The finetune page's eval set: settings with the cost, and the last run as a contact sheet. */
export function EvalSetPanel({ finetuneId }: { finetuneId: string }) {
  const set = useQuery(evalSetOptions(finetuneId));
  const finetune = useQuery(finetuneDetailOptions(finetuneId));
  // Finetunes found at BFL (not trained here) have no eval set.
  if (set.error instanceof ApiError && set.error.status === 404) return null;
  return (
    <section
      aria-labelledby="eval-set-h"
      className="space-y-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-700"
      data-testid="eval-set"
    >
      <h2 id="eval-set-h" className="text-lg font-semibold">
        Eval set
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        A few prompts run at fixed strengths and seed when the finetune becomes Ready, so you see what it
        learned at a glance. [trigger] becomes this finetune's trigger word.
      </p>
      <AlertText message={set.error && `The eval set could not be loaded: ${set.error.message}`} />
      {set.data && (
        <EvalSetForm key={set.data.finetune_id} set={set.data} ready={finetune.data?.status === "Ready"} />
      )}
      {set.data?.enabled && !set.data.last_run_id && finetune.data?.status !== "Ready" && (
        <p className="text-sm" role="status" data-testid="eval-waiting">
          Runs automatically when the finetune is Ready.
        </p>
      )}
      {set.data?.last_run_id && (
        <div data-testid="eval-sheet">
          <CompareGrid id={set.data.last_run_id} />
        </div>
      )}
    </section>
  );
}
