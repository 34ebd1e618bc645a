import type { Finetune } from "@/lib/api/types";
import {
  defaultLearningRate,
  FINETUNE_DEFAULTS,
  type FinetuneMode,
  type FinetuneParamsInput,
  type FinetuneType,
  finetuneModeSchema,
  ITERATIONS,
  LEARNING_RATE,
  type LoraRank,
  type Priority,
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

export function validateForm(form: TrainingForm): FormErrors {
  const e: FormErrors = {};
  if (!form.finetune_comment.trim())
    e.finetune_comment = "Give the finetune a name so you can find it later.";
  else if (form.finetune_comment.length > 200) e.finetune_comment = "Keep the name under 200 characters.";
  if (!finetuneModeSchema.safeParse(form.mode).success) e.mode = "Choose what the images teach.";
  if (!form.trigger_word.trim()) e.trigger_word = "Set a trigger word (BFL's default is TOK).";
  else if (form.trigger_word.length > 100) e.trigger_word = "Keep the trigger word under 100 characters.";
  const it = Number(form.iterations);
  if (!form.iterations.trim() || !Number.isInteger(it) || it < ITERATIONS.min || it > ITERATIONS.max)
    e.iterations = `A whole number from ${ITERATIONS.min} to ${ITERATIONS.max}.`;
  const lr = Number(form.learning_rate);
  if (!form.learning_rate.trim() || !Number.isFinite(lr) || lr < LEARNING_RATE.min || lr > LEARNING_RATE.max)
    e.learning_rate = `A number from ${LEARNING_RATE.min} (1e-6) to ${LEARNING_RATE.max}.`;
  return e;
}

/** The create parameters sent as `params` (null when the form has errors). */
export function formToParams(form: TrainingForm): FinetuneParamsInput | null {
  if (Object.keys(validateForm(form)).length > 0) return null;
  return {
    finetune_comment: form.finetune_comment.trim(),
    mode: form.mode as FinetuneMode,
    trigger_word: form.trigger_word.trim(),
    finetune_type: form.finetune_type,
    iterations: Number(form.iterations),
    learning_rate: Number(form.learning_rate),
    priority: form.priority,
    captioning: form.captioning,
    lora_rank: form.lora_rank,
  };
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
