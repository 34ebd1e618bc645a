import type { Finetune, LoraFinetune } from "@/lib/api/types";
import {
  ENDPOINT_INFO,
  type FinetuneKind,
  type InferenceEndpoint,
  KLEIN_BASE_MODEL_LABEL,
  retiredEndpoint,
  servingEndpoints,
} from "@/lib/bfl";

/**
 * What the playground can generate with: Ready FLUX.1 finetunes and FLUX.2 [klein] LoRAs, in one shape,
 * and for each the endpoints that can serve it (lib/bfl `servingEndpoints`), retired ones greyed in live
 * mode with BFL's reason.
 */
export interface PlaygroundChoice {
  id: string;
  /** What the picker shows: the finetune's comment, or the LoRA's name. */
  label: string;
  /** Second line: trigger and mode, or "LoRA · base model". */
  detail: string;
  trigger: string | null;
  /** FLUX.1 training mode (drives trigger placement); null for a LoRA. */
  mode: string | null;
  kind: FinetuneKind;
}

export function playgroundChoices(
  finetunes: readonly Finetune[],
  loras: readonly LoraFinetune[],
): PlaygroundChoice[] {
  return [
    ...loras.map<PlaygroundChoice>((l) => ({
      id: l.id,
      label: l.id,
      detail: [
        "LoRA",
        l.base_model ? KLEIN_BASE_MODEL_LABEL[l.base_model] : "base model unknown",
        l.precision?.toUpperCase(),
      ]
        .filter(Boolean)
        .join(" · "),
      trigger: l.trigger_phrase,
      mode: null,
      kind: { kind: "lora", base_model: l.base_model, precision: l.precision },
    })),
    ...finetunes
      .filter((f) => f.status === "Ready" && !f.region_mismatch)
      .map<PlaygroundChoice>((f) => ({
        id: f.id,
        label: f.finetune_comment || f.id,
        detail: `${f.trigger_word} · ${f.mode}`,
        trigger: f.trigger_word || null,
        mode: f.mode,
        kind: { kind: "flux1" },
      })),
  ];
}

export interface EndpointOption {
  endpoint: InferenceEndpoint;
  /** Why it cannot be used (retired by BFL); null when it can. */
  disabledReason: string | null;
}

export interface ServingContext {
  live: boolean;
  /** Endpoints the server learned are gone, with its reason. */
  learned?: ReadonlyMap<string, string>;
}

/** The endpoints that could serve the choice, in contract order; retired ones carry the reason. */
export function endpointOptions(choice: PlaygroundChoice | null, ctx: ServingContext): EndpointOption[] {
  const kind: FinetuneKind = choice?.kind ?? { kind: "flux1" };
  const usable = new Set(servingEndpoints(kind, { live: ctx.live, retired: new Set(ctx.learned?.keys()) }));
  return servingEndpoints(kind, { live: false }).map((endpoint) => ({
    endpoint,
    disabledReason: usable.has(endpoint)
      ? null
      : (ctx.learned?.get(endpoint) ??
        retiredEndpoint(endpoint)?.reason ??
        `${ENDPOINT_INFO[endpoint].label} is not served.`),
  }));
}

/** Keep the endpoint when the choice can use it; otherwise its first usable endpoint (null: none). */
export function fitEndpoint(
  current: InferenceEndpoint,
  options: readonly EndpointOption[],
): InferenceEndpoint | null {
  const usable = options.filter((o) => !o.disabledReason);
  if (usable.some((o) => o.endpoint === current)) return current;
  return usable[0]?.endpoint ?? null;
}
