"use client";

import { describedBy, FIELD_INPUT, FormField } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import {
  type TrainingForm as Form,
  type FormErrors,
  fieldHint,
  resetLearningRate,
  TRAINING_LIMITS,
  TRAINING_OPTIONS,
} from "@/lib/dataset/form";

/** The option chosen in a <select>, found in the contract's own list (nothing outside it gets through). */
function pick<T extends string | number>(options: readonly T[], raw: string): T | undefined {
  return options.find((o) => String(o) === raw);
}
const asOptions = (values: readonly (string | number)[]) =>
  values.map((v) => ({ value: String(v), label: String(v) }));

/**
 * Every create parameter with BFL's defaults, ranges and a hint from the guide. `live`: only what a local
 * LoRA export uses (name, mode, trigger word, rank); BFL's training-only settings are hidden.
 */
export function TrainingForm({
  form,
  errors,
  live = false,
  onChange,
  onReplace,
}: {
  form: Form;
  errors: FormErrors;
  live?: boolean;
  onChange: (patch: Partial<Form>) => void;
  onReplace: (form: Form) => void;
}) {
  const aria = (id: keyof Form) => ({
    id,
    "aria-invalid": errors[id] ? true : undefined,
    "aria-describedby": describedBy(id, errors[id]),
    "data-testid": `field-${id}`,
  });
  return (
    <fieldset className="flex flex-col gap-3" aria-label="Training parameters">
      <FormField
        id="finetune_comment"
        label={live ? "Name" : "Name (finetune_comment)"}
        hint={
          live
            ? "Becomes the LoRA's name at BFL: lowercase letters, digits, - and _."
            : fieldHint("finetune_comment", form)
        }
        error={errors.finetune_comment}
      >
        <input
          {...aria("finetune_comment")}
          className={FIELD_INPUT}
          value={form.finetune_comment}
          maxLength={TRAINING_LIMITS.finetune_comment}
          onChange={(e) => onChange({ finetune_comment: e.target.value })}
        />
      </FormField>
      <FormField id="mode" label="Mode" hint={fieldHint("mode", form)} error={errors.mode}>
        <Select
          {...aria("mode")}
          value={form.mode}
          onChange={(e) => onChange({ mode: pick(TRAINING_OPTIONS.mode, e.target.value) ?? "" })}
          options={asOptions(TRAINING_OPTIONS.mode)}
        >
          <option value="">Choose…</option>
        </Select>
      </FormField>
      <FormField
        id="trigger_word"
        label="Trigger word"
        hint={fieldHint("trigger_word", form)}
        error={errors.trigger_word}
      >
        <input
          {...aria("trigger_word")}
          className={FIELD_INPUT}
          value={form.trigger_word}
          maxLength={TRAINING_LIMITS.trigger_word}
          onChange={(e) => onChange({ trigger_word: e.target.value })}
        />
      </FormField>
      <div className={live ? "flex flex-col gap-3" : "grid grid-cols-2 gap-3"}>
        {!live && (
          <FormField id="finetune_type" label="Finetune type" hint={fieldHint("finetune_type", form)}>
            <Select
              {...aria("finetune_type")}
              value={form.finetune_type}
              onChange={(e) => {
                const finetune_type = pick(TRAINING_OPTIONS.finetune_type, e.target.value);
                if (finetune_type) onChange({ finetune_type });
              }}
              options={asOptions([...TRAINING_OPTIONS.finetune_type].reverse())}
            />
          </FormField>
        )}
        <FormField id="lora_rank" label="LoRA rank" hint={fieldHint("lora_rank", form)}>
          <Select
            {...aria("lora_rank")}
            value={form.lora_rank}
            onChange={(e) => {
              const lora_rank = pick(TRAINING_OPTIONS.lora_rank, e.target.value);
              if (lora_rank) onChange({ lora_rank });
            }}
            options={asOptions([...TRAINING_OPTIONS.lora_rank].sort((a, b) => b - a))}
          />
        </FormField>
        {!live && (
          <>
            <FormField
              id="iterations"
              label="Iterations"
              hint={fieldHint("iterations", form)}
              error={errors.iterations}
            >
              <input
                {...aria("iterations")}
                className={FIELD_INPUT}
                type="number"
                inputMode="numeric"
                min={TRAINING_LIMITS.iterations.min}
                max={TRAINING_LIMITS.iterations.max}
                step={10}
                value={form.iterations}
                onChange={(e) => onChange({ iterations: e.target.value })}
              />
            </FormField>
            <FormField
              id="learning_rate"
              label="Learning rate"
              hint={fieldHint("learning_rate", form)}
              error={errors.learning_rate}
            >
              <input
                {...aria("learning_rate")}
                className={FIELD_INPUT}
                inputMode="decimal"
                min={TRAINING_LIMITS.learning_rate.min}
                max={TRAINING_LIMITS.learning_rate.max}
                value={form.learning_rate}
                onChange={(e) => onChange({ learning_rate: e.target.value })}
              />
              {form.learningRateEdited && (
                <button
                  type="button"
                  className="self-start text-xs font-medium text-brand-700 underline dark:text-brand-100"
                  onClick={() => onReplace(resetLearningRate(form))}
                >
                  Use the default for {form.finetune_type}
                </button>
              )}
            </FormField>
          </>
        )}
      </div>
      {!live && (
        <>
          <FormField id="priority" label="Priority" hint={fieldHint("priority", form)}>
            <Select
              {...aria("priority")}
              value={form.priority}
              onChange={(e) => {
                const priority = pick(TRAINING_OPTIONS.priority, e.target.value);
                if (priority) onChange({ priority });
              }}
              options={asOptions(TRAINING_OPTIONS.priority)}
            />
          </FormField>
          <div className="flex flex-col gap-1">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input
                type="checkbox"
                data-testid="field-captioning"
                aria-describedby="captioning-hint"
                checked={form.captioning}
                onChange={(e) => onChange({ captioning: e.target.checked })}
                className="h-4 w-4"
              />
              Auto-captioning
            </label>
            <p id="captioning-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
              {fieldHint("captioning", form)}
            </p>
          </div>
        </>
      )}
    </fieldset>
  );
}
