"use client";

import { describedBy, FIELD_INPUT, FormField } from "@/components/ui/field";
import { TEXT_LIMITS } from "@/lib/api/text-limits";
import { FINETUNE_MODES, ITERATIONS, LEARNING_RATE } from "@/lib/bfl";
import { type TrainingForm as Form, type FormErrors, fieldHint, resetLearningRate } from "@/lib/dataset/form";

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
          maxLength={TEXT_LIMITS.finetune_comment}
          onChange={(e) => onChange({ finetune_comment: e.target.value })}
        />
      </FormField>
      <FormField id="mode" label="Mode" hint={fieldHint("mode", form)} error={errors.mode}>
        <select
          {...aria("mode")}
          className={FIELD_INPUT}
          value={form.mode}
          onChange={(e) => onChange({ mode: e.target.value as Form["mode"] })}
        >
          <option value="">Choose…</option>
          {FINETUNE_MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
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
          maxLength={TEXT_LIMITS.trigger_word}
          onChange={(e) => onChange({ trigger_word: e.target.value })}
        />
      </FormField>
      <div className={live ? "flex flex-col gap-3" : "grid grid-cols-2 gap-3"}>
        {!live && (
          <FormField id="finetune_type" label="Finetune type" hint={fieldHint("finetune_type", form)}>
            <select
              {...aria("finetune_type")}
              className={FIELD_INPUT}
              value={form.finetune_type}
              onChange={(e) => onChange({ finetune_type: e.target.value as Form["finetune_type"] })}
            >
              <option value="full">full</option>
              <option value="lora">lora</option>
            </select>
          </FormField>
        )}
        <FormField id="lora_rank" label="LoRA rank" hint={fieldHint("lora_rank", form)}>
          <select
            {...aria("lora_rank")}
            className={FIELD_INPUT}
            value={form.lora_rank}
            onChange={(e) => onChange({ lora_rank: Number(e.target.value) === 16 ? 16 : 32 })}
          >
            <option value={32}>32</option>
            <option value={16}>16</option>
          </select>
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
                min={ITERATIONS.min}
                max={ITERATIONS.max}
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
                min={LEARNING_RATE.min}
                max={LEARNING_RATE.max}
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
            <select
              {...aria("priority")}
              className={FIELD_INPUT}
              value={form.priority}
              onChange={(e) => onChange({ priority: e.target.value as Form["priority"] })}
            >
              <option value="quality">quality</option>
              <option value="speed">speed</option>
              <option value="high_res_only">high_res_only</option>
            </select>
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
