"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { AlertText } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button-styles";
import { type CompareEndpoint, comparisonCost, planComparison } from "@/lib/judge/compare";
import { playgroundChoices } from "@/lib/playground/choices";
import { randomSeed } from "@/lib/playground/settings";
import { finetuneListResponseOptions } from "@/lib/queries/finetunes";
import { LibraryTemplateSelect } from "./library-template-select";
import { EndpointChoice, SeedField, TextField } from "./run-fields";
import { useRunComparison } from "./use-run-comparison";

/**
 * Set up a comparison: Ready finetunes and klein LoRAs (rows; a LoRA's on its klein endpoint), strengths
 * (columns, base model first), one prompt, one seed.
 */
export function CompareForm() {
  const finetunes = useQuery(finetuneListResponseOptions());
  const usable = finetunes.data ? playgroundChoices(finetunes.data.finetunes, finetunes.data.loras) : [];
  const [chosen, setChosen] = useState<string[]>([]);
  const [endpoint, setEndpoint] = useState<CompareEndpoint>("flux-pro-1.1-ultra-finetuned");
  const [template, setTemplate] = useState("a photo of [trigger] on a wooden table, soft window light");
  const [strengths, setStrengths] = useState("0.6, 1, 1.4");
  const [seed, setSeed] = useState(() => randomSeed());
  const costId = useId();
  const router = useRouter();
  const run = useRunComparison();
  const picked = chosen.flatMap((id) => usable.filter((f) => f.id === id));
  const plan = planComparison(picked, strengths, template);
  const cost = plan.ok ? comparisonCost(plan.cells, endpoint) : null;

  return (
    <form
      aria-label="New comparison"
      className="space-y-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-700"
      onSubmit={(e) => {
        e.preventDefault();
        if (!plan.ok) return;
        run.mutate(
          { cells: plan.cells, endpoint, seed },
          { onSuccess: (id) => router.push(`/compare?id=${encodeURIComponent(id)}`) },
        );
      }}
    >
      <h2 className="text-lg font-semibold">New comparison</h2>
      <fieldset>
        <legend className="text-sm font-medium">Finetunes and LoRAs (one row each)</legend>
        {finetunes.isPending && <p className="text-sm">Loading finetunes…</p>}
        {finetunes.data && usable.length === 0 && <p className="text-sm">No finetune is ready yet.</p>}
        <ul className="mt-1 grid gap-1 sm:grid-cols-2">
          {usable.map((f) => (
            <li key={f.id}>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={chosen.includes(f.id)}
                  onChange={(e) =>
                    setChosen((c) => (e.target.checked ? [...c, f.id] : c.filter((x) => x !== f.id)))
                  }
                  data-testid="compare-finetune"
                  data-finetune-id={f.id}
                />
                {f.label} · {f.detail}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <EndpointChoice value={endpoint} onChange={setEndpoint} />
      <TextField
        label="Prompt"
        hint="[trigger] becomes each finetune's own trigger word."
        value={template}
        onChange={setTemplate}
        rows={2}
        testId="compare-prompt"
      />
      <LibraryTemplateSelect onPick={setTemplate} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Strengths (columns)"
          hint="0 to 2, separated by commas; the base model (strength 0) is always the first column."
          value={strengths}
          onChange={setStrengths}
          testId="compare-strengths"
        />
        <SeedField
          value={seed}
          onChange={setSeed}
          hint="The same seed for every image, so only the finetune varies."
          testId="compare-seed"
        />
      </div>
      {/* Nothing picked yet is where everyone starts, not a mistake: a hint, not a red alert. */}
      <p
        id={costId}
        className="text-sm"
        data-testid="compare-cost"
        role={plan.ok || picked.length === 0 ? undefined : "alert"}
      >
        {plan.ok && cost ? (
          <>
            Total cost: <strong>{cost}</strong>
          </>
        ) : picked.length === 0 ? (
          <span className="text-zinc-600 dark:text-zinc-400">
            Pick one or more finetunes above to see the images and their cost.
          </span>
        ) : (
          <span className="text-red-700 dark:text-red-300">{!plan.ok && plan.error}</span>
        )}
      </p>
      <AlertText message={run.error?.message} />
      <button
        type="submit"
        className={buttonStyles.primary}
        disabled={!plan.ok || run.isPending}
        aria-describedby={costId}
        data-testid="compare-run"
      >
        {run.isPending ? "Starting…" : "Run comparison"}
      </button>
    </form>
  );
}
