import type { Generation } from "@/lib/api/types";
import {
  ENDPOINT_INFO,
  formatIssues,
  type ImageField,
  INFERENCE_SCHEMAS,
  type InferenceEndpoint,
  inferenceEndpointSchema,
} from "@/lib/bfl";
import { clampField, endpointDefaults, endpointFields, endpointImages, type FieldValue } from "./form-model";

/** Everything on the playground form except the image pixels. Serialisable (URL, sessionStorage). */
export interface PlaygroundSettings {
  endpoint: InferenceEndpoint;
  finetune_id: string;
  finetune_strength: number;
  prompt: string;
  seed: number | null;
  /** Keep the seed for the next image (otherwise a new random one each time). */
  seedLocked: boolean;
  params: Record<string, FieldValue>;
}

/** An image input ready to send: base64 without a data: prefix, plus its size for checks and previews. */
export interface ImageInput {
  base64: string;
  mime: string;
  width: number;
  height: number;
  /** Size before the browser shrank it. */
  originalWidth: number;
  originalHeight: number;
  name: string;
}

export type ImageInputs = Partial<Record<ImageField, ImageInput>>;

export const DEFAULT_ENDPOINT: InferenceEndpoint = "flux-pro-1.1-ultra-finetuned";
const CARRIED_PARAMS = ["safety_tolerance", "output_format", "prompt_upsampling"];

export function defaultSettings(
  endpoint: InferenceEndpoint = DEFAULT_ENDPOINT,
  finetune_id = "",
): PlaygroundSettings {
  return {
    endpoint,
    finetune_id,
    finetune_strength: ENDPOINT_INFO[endpoint].defaultStrength,
    prompt: "",
    seed: null,
    seedLocked: false,
    params: endpointDefaults(endpoint),
  };
}

/** Switch endpoint: its defaults and strength; keep prompt, seed and the settings every endpoint shares. */
export function switchEndpoint(s: PlaygroundSettings, endpoint: InferenceEndpoint): PlaygroundSettings {
  const params = endpointDefaults(endpoint);
  for (const k of CARRIED_PARAMS) if (k in params && k in s.params) params[k] = s.params[k]!;
  return { ...s, endpoint, finetune_strength: ENDPOINT_INFO[endpoint].defaultStrength, params };
}

/** A random seed BFL accepts; shown on the form so every image's seed is known. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2_147_483_647);
}

/** The form of an earlier generation ("Use these settings"), unknown or out-of-range values replaced. */
export function settingsFromGeneration(
  g: Pick<Generation, "endpoint" | "finetune_id" | "finetune_strength" | "prompt" | "seed" | "params">,
): PlaygroundSettings {
  const base = defaultSettings(g.endpoint, g.finetune_id);
  const params = { ...base.params };
  for (const spec of endpointFields(g.endpoint)) {
    const v = g.params[spec.name];
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean")
      params[spec.name] = clampField(spec, v);
  }
  return {
    ...base,
    finetune_strength: Math.min(2, Math.max(0, g.finetune_strength)),
    prompt: g.prompt,
    seed: g.seed,
    seedLocked: g.seed !== null,
    params,
  };
}

/** Form problems in plain words, before anything is sent. */
export function formProblems(s: PlaygroundSettings, images: ImageInputs): string[] {
  const problems: string[] = [];
  const info = ENDPOINT_INFO[s.endpoint];
  if (!s.finetune_id) problems.push("Pick a finetune first.");
  if (!s.prompt.trim()) {
    // Fill may repaint from the surroundings alone; elsewhere an empty prompt buys a random image.
    if (info.promptRequired) problems.push(`${info.short} needs a prompt.`);
    else if (s.endpoint !== "flux-pro-1.0-fill-finetuned")
      problems.push("Write a prompt first: without one the image is random, and BFL still charges for it.");
  }
  for (const { field, required } of endpointImages(s.endpoint)) {
    if (required && !images[field]) problems.push(`Upload ${IMAGE_NAMES[field]} first.`);
  }
  // BFL takes the mask from the image's alpha when none is sent; photos have none, so we ask for one.
  if (s.endpoint === "flux-pro-1.0-fill-finetuned" && images.image && !images.mask) {
    problems.push("Paint the area to repaint on the image, or upload a mask.");
  }
  for (const spec of endpointFields(s.endpoint)) {
    const v = s.params[spec.name];
    if ((spec.kind === "integer" || spec.kind === "number") && typeof v === "number") {
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
        problems.push(`${spec.label} must be between ${spec.min} and ${spec.max}.`);
      } else if (spec.step && spec.kind === "integer" && (v - (spec.min ?? 0)) % spec.step !== 0) {
        problems.push(`${spec.label} must be a multiple of ${spec.step}.`);
      }
    }
  }
  return problems;
}

export const IMAGE_NAMES: Record<ImageField, string> = {
  control_image: "a control image",
  image: "the image to fill",
  mask: "a mask",
  image_prompt: "an image prompt",
  input_image: "a reference image",
  input_image_2: "a second reference image",
  input_image_3: "a third reference image",
  input_image_4: "a fourth reference image",
};

/** The `POST /api/generations` body; checked against the endpoint's BFL schema. */
export function buildRequest(
  s: PlaygroundSettings,
  images: ImageInputs,
  extra: { finetune_strength?: number; seed?: number; sweep_id?: string } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    endpoint: s.endpoint,
    finetune_id: s.finetune_id,
    finetune_strength: extra.finetune_strength ?? s.finetune_strength,
    prompt: s.prompt,
  };
  const seed = extra.seed ?? s.seed;
  if (seed !== null) body.seed = seed;
  for (const spec of endpointFields(s.endpoint)) {
    const v = s.params[spec.name];
    if (v !== undefined) body[spec.name] = v;
  }
  for (const { field } of endpointImages(s.endpoint)) {
    const img = images[field];
    if (img) body[field] = img.base64;
  }
  if (extra.sweep_id) body.sweep_id = extra.sweep_id;
  return body;
}

/** Whether the body passes the endpoint's BFL schema (the server checks again). */
export function requestProblem(body: Record<string, unknown>): string | null {
  const endpoint = inferenceEndpointSchema.safeParse(body.endpoint);
  if (!endpoint.success) return "Pick an endpoint.";
  const { endpoint: _e, sweep_id: _s, ...rest } = body;
  const r = INFERENCE_SCHEMAS[endpoint.data].safeParse(rest);
  if (r.success) return null;
  return formatIssues(r.error.issues, { root: "The form", max: 1 })[0] ?? "The form is not valid.";
}
