"use client";

import { useId } from "react";
import { STRENGTH_ADVICE } from "@/lib/playground/prompt-helper";

/** finetune_strength: 0 (base model) to 2 in steps of 0.05, with the guide's advice beside it. */
export function StrengthSlider({
  value,
  defaultValue,
  onChange,
}: {
  value: number;
  defaultValue: number;
  onChange: (v: number) => void;
}) {
  const id = useId();
  const adviceId = useId();
  return (
    <div>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          Finetune strength
        </label>
        <span className="text-sm tabular-nums" data-testid="strength-value">
          {value.toFixed(2)}
          {value === 0 ? " · base model" : ""}
        </span>
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={2}
        step={0.05}
        value={value}
        onChange={(e) => onChange(Math.round(Number(e.target.value) * 100) / 100)}
        aria-describedby={adviceId}
        data-testid="strength-slider"
        className="mt-1 w-full accent-brand-600"
      />
      <div className="flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
        <span>0 base model</span>
        <button
          type="button"
          onClick={() => onChange(defaultValue)}
          className="underline hover:no-underline"
          disabled={value === defaultValue}
        >
          Reset to {defaultValue}
        </button>
        <span>2</span>
      </div>
      <ul id={adviceId} className="mt-1 list-disc pl-5 text-xs text-zinc-600 dark:text-zinc-400">
        {STRENGTH_ADVICE.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
    </div>
  );
}
