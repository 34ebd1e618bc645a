import type { InferenceEndpoint } from "./inference";

/**
 * Calls BFL's live service no longer serves (bfl-today.md, bfl-api.md §7). `since` is the date BFL's
 * retirement was reported; `checked` the date a live answer (404) confirmed it. A call missing here that
 * answers 404 on a live host is learned at run time by the server and treated the same way.
 */
export interface RetiredCall {
  method: "POST" | "GET";
  /** Path on BFL's API, e.g. `/v1/finetune`. */
  path: string;
  /** The inference endpoint, when the call is one. */
  endpoint: InferenceEndpoint | null;
  since: string;
  checked: string;
  reason: string;
}

export const RETIRED_CALLS: readonly RetiredCall[] = [
  {
    method: "POST",
    path: "/v1/finetune",
    endpoint: null,
    since: "2025-10-31",
    checked: "2026-06-16",
    reason:
      "BFL no longer trains finetunes through its API (it answers 404 on every host). Train a FLUX.2 [klein] LoRA locally, upload it in BFL's dashboard (Customization > Finetunes), then add it here by name.",
  },
  {
    method: "POST",
    path: "/v1/flux-pro-finetuned",
    endpoint: "flux-pro-finetuned",
    since: "2025-10-31",
    checked: "2026-09-21",
    reason:
      "BFL retired FLUX.1 [pro] finetuned inference; use FLUX1.1 [pro] Ultra finetuned or Fill finetuned for a FLUX.1 finetune.",
  },
  {
    method: "POST",
    path: "/v1/flux-pro-1.0-depth-finetuned",
    endpoint: "flux-pro-1.0-depth-finetuned",
    since: "2025-10-31",
    checked: "2026-09-21",
    reason:
      "BFL retired FLUX.1 Depth [pro] finetuned; use FLUX1.1 [pro] Ultra finetuned or Fill finetuned instead.",
  },
  {
    method: "POST",
    path: "/v1/flux-pro-1.0-canny-finetuned",
    endpoint: "flux-pro-1.0-canny-finetuned",
    since: "2025-10-31",
    checked: "2026-09-21",
    reason:
      "BFL retired FLUX.1 Canny [pro] finetuned; use FLUX1.1 [pro] Ultra finetuned or Fill finetuned instead.",
  },
];

export function retiredCall(method: string, path: string): RetiredCall | undefined {
  return RETIRED_CALLS.find((c) => c.method === method && c.path === path);
}

export function retiredEndpoint(endpoint: InferenceEndpoint): RetiredCall | undefined {
  return RETIRED_CALLS.find((c) => c.endpoint === endpoint);
}
