import { type AddLoraRequest, addLoraRequestSchema } from "@/lib/api/types";
import {
  type KleinBaseModel,
  type KleinPrecision,
  kleinBaseModelSchema,
  kleinEndpointFor,
  kleinPrecisionsFor,
} from "@/lib/bfl";

/** The "Add LoRA" form as typed, its checks (the server's own schema) and what follows from it. */
export interface LoraForm {
  id: string;
  base_model: KleinBaseModel | "";
  precision: KleinPrecision | "";
  trigger_phrase: string;
}

export type LoraFormErrors = Partial<Record<keyof LoraForm, string>>;

export const EMPTY_LORA_FORM: LoraForm = { id: "", base_model: "", precision: "", trigger_phrase: "" };

const LABELS: Partial<Record<keyof LoraForm, string>> = {
  id: "The name",
  trigger_phrase: "The trigger phrase",
};

/** A base model change keeps the precision when the new model has it, or picks the only one it has. */
export function setBaseModel(f: LoraForm, base: KleinBaseModel | ""): LoraForm {
  if (!base) return { ...f, base_model: "" };
  const options = kleinPrecisionsFor(base);
  const precision =
    f.precision && options.includes(f.precision) ? f.precision : options.length === 1 ? options[0]! : "";
  return { ...f, base_model: base, precision };
}

/** Per-field messages in plain words, from the same schema `POST /api/loras` checks. */
export function loraFormErrors(f: LoraForm): LoraFormErrors {
  const errors: LoraFormErrors = {};
  if (!f.base_model) errors.base_model = "Choose the base model you chose when uploading it at BFL.";
  else if (!f.precision) errors.precision = "Choose the precision you chose when uploading it at BFL.";
  const r = addLoraRequestSchema.safeParse(f);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = issue.path[0] as keyof LoraForm;
      // Base model and precision come from selects: only "not chosen yet" can be wrong (said above).
      if (key === "base_model" || key === "precision") continue;
      if (key in LABELS && !errors[key]) errors[key] = `${LABELS[key]} ${issue.message}.`;
    }
  }
  return errors;
}

export function loraRequest(f: LoraForm): AddLoraRequest | null {
  return Object.keys(loraFormErrors(f)).length === 0 ? addLoraRequestSchema.parse(f) : null;
}

/** The klein endpoint that will serve it, once base model and precision are known. */
export function loraEndpoint(f: LoraForm): string | null {
  return f.base_model && f.precision ? kleinEndpointFor(f.base_model, f.precision) : null;
}

/** Prefill from a link (`/finetunes?add_lora=name&base=klein-base-4b`, as the local export gives). */
export function loraFormFromLink(name: string | undefined, base: string | undefined): LoraForm | null {
  if (!name) return null;
  const b = kleinBaseModelSchema.safeParse(base);
  return setBaseModel({ ...EMPTY_LORA_FORM, id: name }, b.success ? b.data : "");
}
