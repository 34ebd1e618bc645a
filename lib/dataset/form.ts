import { z } from "zod";
import { TEXT_LIMITS } from "@/lib/api/text-limits";
import type { Finetune } from "@/lib/api/types";
import {
  defaultLearningRate,
  FINETUNE_DEFAULTS,
  type FinetuneMode,
  type FinetuneParamsInput,
  type FinetuneType,
  finetuneModeSchema,
  finetuneParamsShape,
  finetuneTypeSchema,
  type LoraRank,
  loraRankSchema,
  type Priority,
  prioritySchema,
} from "@/lib/bfl";

/** The training form as typed (strings where the person types numbers), its checks and its hints. */
export interface TrainingForm {
  finetune_comment: string;
  mode: FinetuneMode | "";
  trigger_word: string;
  finetune_type: FinetuneType;
  iterations: string;
  learning_rate: string;
  /** The person typed a learning rate: it no longer follows finetune_type. */
  learningRateEdited: boolean;
  priority: Priority;
  captioning: boolean;
  lora_rank: LoraRank;
}

export function defaultForm(): TrainingForm {
  return {
    finetune_comment: "",
    mode: "",
    trigger_word: FINETUNE_DEFAULTS.trigger_word,
    finetune_type: FINETUNE_DEFAULTS.finetune_type,
    iterations: String(FINETUNE_DEFAULTS.iterations),
    learning_rate: String(defaultLearningRate(FINETUNE_DEFAULTS.finetune_type)),
    learningRateEdited: false,
    priority: FINETUNE_DEFAULTS.priority,
    captioning: FINETUNE_DEFAULTS.captioning,
    lora_rank: FINETUNE_DEFAULTS.lora_rank,
  };
}

/** Apply a change; the learning rate follows finetune_type until the person edits it. */
export function updateForm(form: TrainingForm, patch: Partial<TrainingForm>): TrainingForm {
  const next = { ...form, ...patch };
  if (patch.learning_rate !== undefined) next.learningRateEdited = true;
  if (patch.finetune_type !== undefined && !next.learningRateEdited) {
    next.learning_rate = String(defaultLearningRate(patch.finetune_type));
  }
  return next;
}

export function resetLearningRate(form: TrainingForm): TrainingForm {
  return {
    ...form,
    learning_rate: String(defaultLearningRate(form.finetune_type)),
    learningRateEdited: false,
  };
}

export type FormErrors = Partial<Record<keyof TrainingForm, string>>;

/**
 * The form's rules: BFL's create parameters (`finetuneParamsShape`, the same schema the server parses)
 * as the form must fill them (a trigger word and a learning rate always set), with the dashboard's text
 * limits (`TEXT_LIMITS`, which the server enforces too). No rule lives only here.
 */
const trainingSchema = z.object({
  ...finetuneParamsShape,
  finetune_comment: finetuneParamsShape.finetune_comment.max(TEXT_LIMITS.finetune_comment),
  trigger_word: z.string().min(1).max(TEXT_LIMITS.trigger_word),
  learning_rate: finetuneParamsShape.learning_rate.unwrap().unwrap(),
});

/** The ranges and choices the inputs show, read from the schema. */
export const TRAINING_LIMITS = {
  iterations: {
    min: finetuneParamsShape.iterations.unwrap().minValue ?? 0,
    max: finetuneParamsShape.iterations.unwrap().maxValue ?? 0,
  },
  learning_rate: {
    min: trainingSchema.shape.learning_rate.minValue ?? 0,
    max: trainingSchema.shape.learning_rate.maxValue ?? 0,
  },
  finetune_comment: TEXT_LIMITS.finetune_comment,
  trigger_word: TEXT_LIMITS.trigger_word,
};
export const TRAINING_OPTIONS = {
  mode: finetuneModeSchema.options,
  finetune_type: finetuneTypeSchema.options,
  priority: prioritySchema.options,
  lora_rank: loraRankSchema.options.map((o) => o.value),
};

/** The form's strings as the create parameters (trimmed, numbers parsed; blank numbers are NaN). */
function candidate(form: TrainingForm) {
  const num = (v: string) => (v.trim() ? Number(v) : Number.NaN);
  return {
    finetune_comment: form.finetune_comment.trim(),
    mode: form.mode || undefined,
    trigger_word: form.trigger_word.trim(),
    finetune_type: form.finetune_type,
    iterations: num(form.iterations),
    learning_rate: num(form.learning_rate),
    priority: form.priority,
    captioning: form.captioning,
    lora_rank: form.lora_rank,
  };
}

/** What the person reads when a field breaks its rule. */
function message(field: keyof TrainingForm, form: TrainingForm): string {
  const { iterations: it, learning_rate: lr } = TRAINING_LIMITS;
  switch (field) {
    case "finetune_comment":
      return form.finetune_comment.trim()
        ? `Keep the name to ${TRAINING_LIMITS.finetune_comment} characters.`
        : "Give the finetune a name so you can find it later.";
    case "mode":
      return "Choose what the images teach.";
    case "trigger_word":
      return form.trigger_word.trim()
        ? `Keep the trigger word to ${TRAINING_LIMITS.trigger_word} characters.`
        : `Set a trigger word (BFL's default is ${FINETUNE_DEFAULTS.trigger_word}).`;
    case "iterations":
      return `A whole number from ${it.min} to ${it.max}.`;
    case "learning_rate":
      return `A number from ${lr.min} (${lr.min.toExponential()}) to ${lr.max}.`;
    default:
      return "Choose one of the options.";
  }
}

function parseForm(form: TrainingForm) {
  return trainingSchema.safeParse(candidate(form));
}

export function validateForm(form: TrainingForm): FormErrors {
  const parsed = parseForm(form);
  const e: FormErrors = {};
  if (parsed.success) return e;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof TrainingForm;
    e[field] ??= message(field, form);
  }
  return e;
}

/** The create parameters sent as `params` (null when the form has errors). */
export function formToParams(form: TrainingForm): FinetuneParamsInput | null {
  const parsed = parseForm(form);
  return parsed.success ? parsed.data : null;
}

/** One line per field, drawn from BFL's finetuning guide. */
export function fieldHint(field: keyof TrainingForm, form: TrainingForm): string {
  switch (field) {
    case "finetune_comment":
      return "Finetune ids are UUIDs; this name is how you will recognise it.";
    case "mode":
      return form.mode === "general"
        ? "In general mode the whole image is captioned with no subject focus: no subject-specific improvements."
        : form.mode === "character"
          ? "Character: one person or character per image works best; describe them briefly."
          : form.mode === "style"
            ? 'Style: prompts like "in the style of <trigger>" preserve the style best.'
            : form.mode === "product"
              ? 'Product: a contextual trigger such as "mycstm sunglasses" beats "TOK".'
              : "What the images teach: a character, a product, a style, or general.";
    case "trigger_word":
      return 'Used in captions and prompts to call the concept; something contextual beats "TOK".';
    case "finetune_type":
      return "Full: full finetune, then a LoRA is extracted. LoRA: raw LoRA training (needs a 10× larger rate).";
    case "iterations":
      return "100 to 150 is enough for fast exploration; complex concepts or more images need more than 300.";
    case "learning_rate":
      return form.learningRateEdited
        ? "Lower learns more carefully but may need more iterations; higher trains faster at a potential quality loss."
        : `Follows the type: ${defaultLearningRate(form.finetune_type)} for ${form.finetune_type}.`;
    case "priority":
      return "Speed makes each step faster; quality is the default; high_res_only trains on high-resolution images only.";
    case "captioning":
      return form.mode === "general"
        ? "Auto-captions images without missing captions; in general mode they get no subject focus."
        : "Auto-captions images; turn it off for complex scenes or to use only your own captions.";
    case "lora_rank":
      return "32 is the default; 16 trains more efficiently and loads faster.";
    default:
      return "";
  }
}

/** The form prefilled from an existing finetune (retrain); the name says it is a retrain. */
export function formFromFinetune(f: Finetune): TrainingForm {
  const base = defaultForm();
  const type = f.finetune_type === "lora" ? "lora" : "full";
  const mode = finetuneModeSchema.safeParse(f.mode);
  const lr = f.learning_rate ?? defaultLearningRate(type);
  return {
    ...base,
    finetune_comment: `${f.finetune_comment} (retrain)`,
    mode: mode.success ? mode.data : "",
    trigger_word: f.trigger_word || base.trigger_word,
    finetune_type: type,
    iterations: String(f.iterations ?? base.iterations),
    learning_rate: String(lr),
    learningRateEdited: lr !== defaultLearningRate(type),
    priority: f.priority === "speed" || f.priority === "high_res_only" ? f.priority : "quality",
    captioning: f.captioning ?? base.captioning,
    lora_rank: f.lora_rank === 16 ? 16 : 32,
  };
}
