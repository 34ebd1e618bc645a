import { FLUX1_ENDPOINTS, type InferenceEndpoint } from "./inference";
import {
  KLEIN_ENDPOINTS,
  KLEIN_VARIANTS,
  type KleinBaseModel,
  type KleinPrecision,
  kleinEndpointFor,
} from "./klein";
import { retiredEndpoint } from "./retired";

/** What kind of finetune a card is, as far as choosing an endpoint goes. */
export type FinetuneKind =
  | { kind: "flux1" }
  | {
      kind: "lora";
      /** Null when not known (a LoRA BFL listed without details). */
      base_model: KleinBaseModel | null;
      precision: KleinPrecision | null;
    };

export interface ServingOptions {
  /**
   * True against BFL's live service (or the simulator's live profile): retired endpoints are left out.
   * The 2024 beta (the simulator's default profile) serves all five FLUX.1 endpoints.
   */
  live: boolean;
  /** Endpoints the server learned are gone (a 404 on submit), beyond the dated table. */
  retired?: ReadonlySet<string>;
}

/**
 * The endpoints that can serve a finetune: a klein LoRA only through the klein endpoint of its base
 * model and precision (every klein endpoint of its base model, or all six, when those are unknown); a
 * FLUX.1 finetune through the FLUX.1 endpoints the service still offers (ultra and fill live).
 */
export function servingEndpoints(ft: FinetuneKind, opts: ServingOptions): InferenceEndpoint[] {
  let candidates: InferenceEndpoint[];
  if (ft.kind === "flux1") {
    candidates = [...FLUX1_ENDPOINTS];
  } else if (ft.base_model && ft.precision) {
    const e = kleinEndpointFor(ft.base_model, ft.precision);
    candidates = e
      ? [e]
      : KLEIN_VARIANTS.filter((v) => v.base_model === ft.base_model).map((v) => v.endpoint);
  } else if (ft.base_model) {
    candidates = KLEIN_VARIANTS.filter((v) => v.base_model === ft.base_model).map((v) => v.endpoint);
  } else {
    candidates = [...KLEIN_ENDPOINTS];
  }
  return candidates.filter((e) => !(opts.live && retiredEndpoint(e)) && !opts.retired?.has(e));
}
