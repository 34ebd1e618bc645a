"use client";

import { useId, useState } from "react";
import { AlertText } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button-styles";
import { ENDPOINT_INFO } from "@/lib/bfl";
import {
  type EvalSet,
  type EvalSetInput,
  type EvalSubject,
  evalCost,
  evalSetInputSchema,
  isEvalEndpoint,
} from "@/lib/judge/eval-set";
import { formatStrengths, parseStrengths } from "@/lib/playground/sweep";
import { useRunEvalSet, useSaveEvalSet } from "@/lib/queries/eval-sets";
import { EndpointChoice, SeedField, TextField } from "./run-fields";

/**
 * Edit an eval set; the cost of one run is shown beside the opt-in and the run button. A klein LoRA's set
 * runs on its own klein endpoint and on demand only (a LoRA is Ready when added: nothing to wait for).
 */
export function EvalSetForm({ set, subject, ready }: { set: EvalSet; subject: EvalSubject; ready: boolean }) {
  const lora = subject.kind === "lora";
  const [enabled, setEnabled] = useState(set.enabled);
  const [endpoint, setEndpoint] = useState<EvalSetInput["endpoint"]>(set.endpoint);
  const [prompts, setPrompts] = useState(set.prompts.join("\n"));
  const [strengths, setStrengths] = useState(formatStrengths(set.strengths));
  const [seed, setSeed] = useState(set.seed);
  const save = useSaveEvalSet(set.finetune_id);
  const run = useRunEvalSet(set.finetune_id);
  const costId = useId();
  const parsedStrengths = parseStrengths(strengths);
  const input = evalSetInputSchema.safeParse({
    enabled: lora ? false : enabled,
    endpoint,
    prompts: prompts
      .split("\n")
      .map((p) => p.trim())
      .filter(Boolean),
    strengths: parsedStrengths.ok ? parsedStrengths.strengths : [],
    seed,
  });
  const problem = !parsedStrengths.ok
    ? parsedStrengths.error
    : input.success
      ? null
      : input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  const cost = input.success ? evalCost(input.data) : null;

  return (
    <form
      aria-label="Eval set settings"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (input.success) save.mutate(input.data);
      }}
    >
      <TextField
        label="Prompts (one per line)"
        hint={triggerHint(subject)}
        value={prompts}
        onChange={setPrompts}
        rows={4}
        testId="eval-prompts"
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Strengths"
          hint="Up to 4; 0 is the base model."
          value={strengths}
          onChange={setStrengths}
          testId="eval-strengths"
        />
        <SeedField value={seed} onChange={setSeed} hint="The same for every image." testId="eval-seed" />
      </div>
      {lora && subject.endpoints.length === 0 ? (
        <p className="text-sm text-amber-900 dark:text-amber-200" role="alert" data-testid="eval-endpoint">
          No endpoint BFL serves takes this LoRA now ({endpoint} answered that it is gone), so its eval set
          cannot run here.
        </p>
      ) : lora && subject.endpoints.length === 1 ? (
        <p className="text-sm" data-testid="eval-endpoint">
          Endpoint: {ENDPOINT_INFO[endpoint].label} (<code className="font-mono">{endpoint}</code>), the one
          that serves this LoRA.
        </p>
      ) : (
        <EndpointChoice
          value={endpoint}
          onChange={setEndpoint}
          options={subject.endpoints.filter(isEvalEndpoint)}
        />
      )}
      <p id={costId} className="text-sm" data-testid="eval-cost">
        {cost ? (
          <>
            One run: <strong>{cost.text}</strong>
          </>
        ) : (
          <span role="alert" className="text-red-700 dark:text-red-300">
            {problem}
          </span>
        )}
      </p>
      {lora ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="eval-on-demand">
          A LoRA is Ready as soon as it is added, so there is no training to wait for and nothing to opt in
          to: save the set, then run it with "Run now" whenever you want a contact sheet.
        </p>
      ) : (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            aria-describedby={costId}
            data-testid="eval-enabled"
          />
          Run this set automatically when the finetune becomes Ready (spends the credits above, once)
        </label>
      )}
      <AlertText message={save.error?.message ?? run.error?.message} />
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          className={buttonStyles.primary}
          disabled={!input.success || save.isPending}
          data-testid="eval-save"
        >
          Save eval set
        </button>
        {ready && set.stored && subject.endpoints.length > 0 && (
          <button
            type="button"
            className={buttonStyles.secondary}
            disabled={run.isPending}
            aria-describedby={costId}
            onClick={() => run.mutate()}
            data-testid="eval-run"
          >
            {set.last_run_id ? "Run again" : "Run now"}
          </button>
        )}
        {save.isSuccess && (
          <span role="status" className="self-center text-sm" data-testid="eval-saved">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}

function triggerHint(subject: EvalSubject): string {
  const who = subject.kind === "lora" ? "the LoRA's trigger phrase" : "the trigger word";
  if (!subject.trigger)
    return `Up to 6. This ${subject.kind === "lora" ? "LoRA" : "finetune"} has no trigger: [trigger] is left out.`;
  return `Up to 6; [trigger] becomes ${who}, "${subject.trigger}".`;
}
