"use client";

import { useId, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import type { InferenceEndpoint } from "@/lib/bfl";
import { DEFAULT_SWEEP, formatStrengths, parseStrengths, sweepCost } from "@/lib/playground/sweep";

/** One prompt and one seed across several strengths; the total cost is shown before it runs. */
export function SweepPanel({
  endpoint,
  disabled,
  onRun,
}: {
  endpoint: InferenceEndpoint;
  disabled: boolean;
  onRun: (strengths: number[]) => void;
}) {
  const [text, setText] = useState(formatStrengths(DEFAULT_SWEEP));
  const id = useId();
  const costId = useId();
  const parsed = parseStrengths(text);
  return (
    <section
      aria-labelledby={`${id}-h`}
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-700"
    >
      <h2 id={`${id}-h`} className="text-base font-semibold">
        Strength sweep
      </h2>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Same prompt, same seed, one image per strength, side by side. Strength 0 is the base model.
      </p>
      <label htmlFor={id} className="mt-2 block text-sm font-medium">
        Strengths (0 to 2, separated by commas)
      </label>
      <input
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={costId}
        aria-invalid={!parsed.ok}
        data-testid="sweep-strengths"
        className="mt-1 w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-600 dark:bg-zinc-900"
      />
      <p id={costId} className="mt-1 text-sm" data-testid="sweep-cost" role={parsed.ok ? undefined : "alert"}>
        {parsed.ok ? (
          <>
            Total cost: <strong>{sweepCost(endpoint, parsed.strengths.length).text}</strong>
          </>
        ) : (
          <span className="text-red-700 dark:text-red-300">{parsed.error}</span>
        )}
      </p>
      <button
        type="button"
        className={`${buttonStyles.secondary} mt-2`}
        disabled={disabled || !parsed.ok}
        onClick={() => parsed.ok && onRun(parsed.strengths)}
        data-testid="run-sweep"
      >
        Run sweep{parsed.ok ? ` (${parsed.strengths.length} images)` : ""}
      </button>
    </section>
  );
}
