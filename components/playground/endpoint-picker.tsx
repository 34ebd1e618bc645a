"use client";

import { ENDPOINT_INFO, type InferenceEndpoint } from "@/lib/bfl";
import type { EndpointOption } from "@/lib/playground/choices";
import { priceText } from "@/lib/playground/pricing";

const BLURB: Record<InferenceEndpoint, string> = {
  "flux-pro-1.1-ultra-finetuned": "High resolution, aspect ratio",
  "flux-pro-finetuned": "Width and height, steps, guidance",
  "flux-pro-1.0-depth-finetuned": "Follows a control image's depth",
  "flux-pro-1.0-canny-finetuned": "Follows a control image's edges",
  "flux-pro-1.0-fill-finetuned": "Repaints a masked area",
  "flux-2-klein-4b-finetuned": "klein LoRA, 4B FP8",
  "flux-2-klein-9b-finetuned": "klein LoRA, 9B FP8",
  "flux-2-klein-9b-kv-finetuned": "klein LoRA, 9B KV-cached FP8",
  "flux-2-klein-9b-kv-bf16-finetuned": "klein LoRA, 9B KV-cached BF16",
  "flux-2-klein-base-4b-finetuned": "klein LoRA, Base 4B",
  "flux-2-klein-base-9b-finetuned": "klein LoRA, Base 9B",
};

/**
 * The endpoints that can serve the chosen finetune, each with its price. One BFL no longer serves stays
 * visible but greyed, with BFL's reason, so a person learns where it went instead of missing it.
 */
export function EndpointPicker({
  value,
  options,
  onChange,
}: {
  value: InferenceEndpoint;
  options: readonly EndpointOption[];
  onChange: (e: InferenceEndpoint) => void;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium">Endpoint</legend>
      <div className="mt-1 grid grid-cols-2 gap-2 sm:grid-cols-3" data-testid="endpoint-picker">
        {options.map(({ endpoint: e, disabledReason }) => {
          const info = ENDPOINT_INFO[e];
          const checked = e === value;
          const reasonId = `endpoint-reason-${e}`;
          return (
            <label
              key={e}
              title={disabledReason ?? undefined}
              className={`flex flex-col rounded-md border p-2 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${
                disabledReason
                  ? "cursor-not-allowed border-dashed border-zinc-300 bg-zinc-100 text-zinc-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-400"
                  : checked
                    ? "cursor-pointer border-brand-600 bg-brand-50 dark:border-brand-500 dark:bg-zinc-800"
                    : "cursor-pointer border-zinc-300 bg-white hover:bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-900 dark:hover:bg-zinc-800"
              }`}
            >
              <span className="flex items-center gap-1.5 font-semibold">
                <input
                  type="radio"
                  name="endpoint"
                  value={e}
                  checked={checked}
                  disabled={Boolean(disabledReason)}
                  aria-describedby={disabledReason ? reasonId : undefined}
                  onChange={() => onChange(e)}
                  data-testid={`endpoint-${info.short.toLowerCase().replaceAll(" ", "-")}`}
                  className="accent-brand-600"
                />
                {info.short}
              </span>
              <span className="text-xs text-zinc-600 dark:text-zinc-400">{BLURB[e]}</span>
              {disabledReason ? (
                <span id={reasonId} className="text-xs" data-testid="endpoint-retired">
                  Retired by BFL: {disabledReason}
                </span>
              ) : (
                <span className="text-xs text-zinc-600 dark:text-zinc-400">{priceText(e)}</span>
              )}
            </label>
          );
        })}
      </div>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        <code>{value}</code> · {ENDPOINT_INFO[value].label}
      </p>
    </fieldset>
  );
}
