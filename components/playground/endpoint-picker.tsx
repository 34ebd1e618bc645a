"use client";

import {
  ENDPOINT_INFO,
  INFERENCE_COST,
  INFERENCE_ENDPOINTS,
  type InferenceEndpoint,
  UNLISTED_PRICE,
} from "@/lib/bfl";

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

export function EndpointPicker({
  value,
  onChange,
}: {
  value: InferenceEndpoint;
  onChange: (e: InferenceEndpoint) => void;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium">Endpoint</legend>
      <div className="mt-1 grid grid-cols-2 gap-2 sm:grid-cols-3" data-testid="endpoint-picker">
        {INFERENCE_ENDPOINTS.map((e) => {
          const info = ENDPOINT_INFO[e];
          const checked = e === value;
          return (
            <label
              key={e}
              className={`flex cursor-pointer flex-col rounded-md border p-2 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${
                checked
                  ? "border-brand-600 bg-brand-50 dark:border-brand-500 dark:bg-zinc-800"
                  : "border-zinc-300 bg-white hover:bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-900 dark:hover:bg-zinc-800"
              }`}
            >
              <span className="flex items-center gap-1.5 font-semibold">
                <input
                  type="radio"
                  name="endpoint"
                  value={e}
                  checked={checked}
                  onChange={() => onChange(e)}
                  data-testid={`endpoint-${info.short.toLowerCase()}`}
                  className="accent-brand-600"
                />
                {info.short}
              </span>
              <span className="text-xs text-zinc-600 dark:text-zinc-400">{BLURB[e]}</span>
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                {INFERENCE_COST[e]} credits{UNLISTED_PRICE.has(e) ? " (est.)" : ""}
              </span>
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
