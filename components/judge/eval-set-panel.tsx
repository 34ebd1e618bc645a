"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertText } from "@/components/ui/alert";
import { evalSetOptions } from "@/lib/queries/eval-sets";
import { ApiError } from "@/lib/queries/fetcher";
import { finetuneDetailOptions } from "@/lib/queries/finetunes";
import { CompareGrid } from "./compare-grid";
import { EvalSetForm } from "./eval-set-form";

/**
 * The eval set on a finetune's or klein LoRA's page: settings with the cost, and the last run as a contact
 * sheet. `kind`: a LoRA is Ready when added, so its page does not ask for the finetune's training status.
 */
export function EvalSetPanel({
  finetuneId,
  kind = "flux1",
}: {
  finetuneId: string;
  kind?: "flux1" | "lora";
}) {
  const set = useQuery(evalSetOptions(finetuneId));
  const finetune = useQuery({ ...finetuneDetailOptions(finetuneId), enabled: kind === "flux1" });
  const ready = kind === "lora" || finetune.data?.status === "Ready";
  const data = set.data;
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
        {kind === "lora"
          ? "A few prompts run at fixed strengths and seed on the LoRA's klein endpoint, so you see what it learned at a glance. [trigger] becomes its trigger phrase."
          : "A few prompts run at fixed strengths and seed when the finetune becomes Ready, so you see what it learned at a glance. [trigger] becomes this finetune's trigger word."}
      </p>
      <AlertText message={set.error && `The eval set could not be loaded: ${set.error.message}`} />
      {data && (
        <EvalSetForm
          key={data.eval_set.finetune_id}
          set={data.eval_set}
          subject={data.subject}
          ready={ready}
        />
      )}
      {data?.eval_set.enabled && !data.eval_set.last_run_id && !ready && (
        <p className="text-sm" role="status" data-testid="eval-waiting">
          Runs automatically when the finetune is Ready.
        </p>
      )}
      {data?.eval_set.last_run_id && (
        <div data-testid="eval-sheet">
          <CompareGrid id={data.eval_set.last_run_id} />
        </div>
      )}
    </section>
  );
}
