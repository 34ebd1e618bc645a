import { z } from "zod";
import {
  ASPECT_RATIO_PRESETS,
  ENDPOINT_INFO,
  IMAGE_FIELDS,
  type ImageField,
  INFERENCE_SCHEMAS,
  type InferenceEndpoint,
} from "@/lib/bfl";

/**
 * The playground form per endpoint, derived from the BFL schemas in `lib/bfl` (via zod's JSON Schema
 * export) so ranges and defaults can never drift from the contract the server validates against.
 */

export type FieldValue = number | string | boolean;

export interface FieldSpec {
  name: string;
  label: string;
  kind: "integer" | "number" | "enum" | "boolean" | "aspect_ratio";
  min?: number;
  max?: number;
  step?: number;
  options?: readonly string[];
  default: FieldValue;
  /** Folded away under "Advanced". */
  advanced: boolean;
  help?: string;
}

/** Handled by dedicated controls (prompt box, strength slider, seed, image inputs) or never sent. */
const SPECIAL_FIELDS: ReadonlySet<string> = new Set([
  "finetune_id",
  "finetune_strength",
  "prompt",
  "seed",
  "webhook_url",
  "webhook_secret",
  ...IMAGE_FIELDS,
]);

const PRIMARY_FIELDS: ReadonlySet<string> = new Set([
  "aspect_ratio",
  "width",
  "height",
  "canny_low_threshold",
  "canny_high_threshold",
]);

const LABELS: Record<string, { label: string; help?: string }> = {
  aspect_ratio: { label: "Aspect ratio", help: "Between 21:9 and 9:21; ultra renders about 4 megapixels." },
  width: { label: "Width (px)" },
  height: { label: "Height (px)" },
  steps: { label: "Steps", help: "More steps: more detail, slower." },
  guidance: { label: "Guidance", help: "How closely the image follows the prompt." },
  safety_tolerance: { label: "Safety tolerance" },
  output_format: { label: "Output format" },
  prompt_upsampling: { label: "Prompt upsampling", help: "Let BFL rewrite the prompt with more detail." },
  image_prompt_strength: {
    label: "Image prompt strength",
    help: "How much the image prompt steers (0 to 1).",
  },
  canny_low_threshold: { label: "Canny low threshold", help: "Weaker edges above this join strong ones." },
  canny_high_threshold: { label: "Canny high threshold", help: "Edges stronger than this are always kept." },
};

/** A parameter's name as a person reads it ("safety_tolerance" → "Safety tolerance"). */
export function fieldLabel(name: string): string {
  const known = LABELS[name]?.label;
  if (known) return known;
  const words = name.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface JsonProp {
  type?: string | string[];
  anyOf?: JsonProp[];
  enum?: string[];
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  default?: unknown;
}

/** The non-null branch of a nullable JSON Schema property, keeping the outer default. */
function unwrap(p: JsonProp): JsonProp {
  if (!p.anyOf) return p;
  const inner = p.anyOf.find((b) => b.type !== "null") ?? {};
  return { ...inner, default: p.default ?? inner.default };
}

/**
 * A size the schema leaves open above (klein's `width`/`height`: at least 64, BFL picks when empty) gets
 * a slider range and a default here; the schema's own minimum still applies.
 */
const OPEN_RANGES: Record<string, { max: number; step: number; default: number }> = {
  width: { max: 2048, step: 16, default: 1024 },
  height: { max: 2048, step: 16, default: 1024 },
};
/** zod's `.int()` without `.max()` exports the largest safe integer: no real upper bound. */
const UNBOUNDED = 2 ** 31;

/** Help for a numeric field, from its range when no sentence is written for it. */
function rangeHelp(name: string, min?: number, max?: number, step?: number): string | undefined {
  if (min === undefined || max === undefined) return undefined;
  if (name === "safety_tolerance") return `${min} is the strictest moderation, ${max} the most lenient.`;
  return `${min} to ${max}${step && step > 1 ? ` in steps of ${step}` : ""}.`;
}

function specFor(name: string, raw: JsonProp): FieldSpec | null {
  const p = unwrap(raw);
  const open = OPEN_RANGES[name];
  if (open && (p.maximum === undefined || p.maximum >= UNBOUNDED))
    Object.assign(p, {
      maximum: open.max,
      multipleOf: p.multipleOf ?? open.step,
      default: p.default ?? open.default,
    });
  const label = fieldLabel(name);
  const help = LABELS[name]?.help;
  const advanced = !PRIMARY_FIELDS.has(name);
  const base = { name, label, help, advanced };
  if (name === "aspect_ratio") {
    return {
      ...base,
      kind: "aspect_ratio",
      options: ASPECT_RATIO_PRESETS,
      default: String(p.default ?? "16:9"),
    };
  }
  if (p.enum) return { ...base, kind: "enum", options: p.enum, default: String(p.default ?? p.enum[0]) };
  if (p.type === "boolean") return { ...base, kind: "boolean", default: Boolean(p.default) };
  if (p.type === "integer" || p.type === "number") {
    const step =
      p.multipleOf ?? (p.type === "integer" ? 1 : (p.maximum ?? 0) - (p.minimum ?? 0) <= 10 ? 0.1 : 0.5);
    return {
      ...base,
      help: help ?? rangeHelp(name, p.minimum, p.maximum, step),
      kind: p.type,
      min: p.minimum,
      max: p.maximum,
      step,
      default: typeof p.default === "number" ? p.default : (p.minimum ?? 0),
    };
  }
  return null;
}

function buildFields(endpoint: InferenceEndpoint): FieldSpec[] {
  const json = z.toJSONSchema(INFERENCE_SCHEMAS[endpoint], { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, JsonProp>;
  };
  return Object.entries(json.properties ?? {})
    .filter(([name]) => !SPECIAL_FIELDS.has(name))
    .map(([name, p]) => specFor(name, p))
    .filter((s): s is FieldSpec => s !== null)
    .sort((a, b) => Number(a.advanced) - Number(b.advanced));
}

const cache = new Map<InferenceEndpoint, FieldSpec[]>();

/** Every parameter the endpoint takes besides prompt, strength, seed and images; primary ones first. */
export function endpointFields(endpoint: InferenceEndpoint): FieldSpec[] {
  let fields = cache.get(endpoint);
  if (!fields) {
    fields = buildFields(endpoint);
    cache.set(endpoint, fields);
  }
  return fields;
}

export function endpointDefaults(endpoint: InferenceEndpoint): Record<string, FieldValue> {
  return Object.fromEntries(endpointFields(endpoint).map((f) => [f.name, f.default]));
}

/** Image inputs the endpoint takes (required first). */
export function endpointImages(endpoint: InferenceEndpoint): { field: ImageField; required: boolean }[] {
  const info = ENDPOINT_INFO[endpoint];
  return [
    ...info.requiredImages.map((field) => ({ field, required: true })),
    ...info.optionalImages.map((field) => ({ field, required: false })),
  ];
}

/** Keep a value inside the field's range and on its step grid (what a number input may not enforce). */
export function clampField(spec: FieldSpec, value: FieldValue): FieldValue {
  if (spec.kind !== "integer" && spec.kind !== "number") return value;
  let n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return spec.default;
  if (spec.min !== undefined) n = Math.max(spec.min, n);
  if (spec.max !== undefined) n = Math.min(spec.max, n);
  if (spec.step && spec.kind === "integer") {
    const origin = spec.min ?? 0;
    n = origin + Math.round((n - origin) / spec.step) * spec.step;
    if (spec.max !== undefined && n > spec.max) n -= spec.step;
  }
  return spec.kind === "integer" ? Math.round(n) : n;
}
