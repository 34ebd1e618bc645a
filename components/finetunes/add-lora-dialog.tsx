"use client";

import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { describedBy, FIELD_INPUT, FormField } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import type { LoraFinetune } from "@/lib/api/types";
import {
  KLEIN_BASE_MODEL_LABEL,
  KLEIN_BASE_MODELS,
  type KleinPrecision,
  kleinPrecisionsFor,
} from "@/lib/bfl";
import {
  EMPTY_LORA_FORM,
  type LoraForm,
  loraEndpoint,
  loraFormErrors,
  loraRequest,
  setBaseModel,
} from "@/lib/finetunes/lora-form";
import { useAddLora } from "@/lib/queries/finetunes";
import { BFL_UPLOAD_HINT } from "./lora-card";

/**
 * "Add LoRA": BFL's API cannot upload a LoRA, so a person uploads it in BFL's dashboard and adds it here
 * by the same name (or `org-id/name` for one shared in an organisation), base model and precision.
 */
export function AddLoraDialog({
  open,
  initial,
  onClose,
  onAdded,
}: {
  open: boolean;
  initial?: LoraForm | null;
  onClose: () => void;
  onAdded: (lora: LoraFinetune) => void;
}) {
  const [form, setForm] = useState<LoraForm>(initial ?? EMPTY_LORA_FORM);
  const [attempted, setAttempted] = useState(false);
  const add = useAddLora();
  const errors = attempted ? loraFormErrors(form) : {};
  const endpoint = loraEndpoint(form);
  const close = () => {
    if (add.isPending) return;
    add.reset();
    setAttempted(false);
    onClose();
  };
  const submit = () => {
    setAttempted(true);
    const body = loraRequest(form);
    if (!body) return;
    add.mutate(body, {
      onSuccess: (lora) => {
        setForm(EMPTY_LORA_FORM);
        setAttempted(false);
        onAdded(lora);
      },
    });
  };
  const aria = (id: keyof LoraForm) => ({
    id: `lora-${id}`,
    "aria-invalid": errors[id] ? true : undefined,
    "aria-describedby": describedBy(`lora-${id}`, errors[id]),
    "data-testid": `lora-${id}`,
  });

  return (
    <Modal open={open} title="Add a LoRA" busy={add.isPending} onCancel={close} testId="add-lora-dialog">
      <form
        className="mt-3 flex flex-col gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="text-sm text-zinc-700 dark:text-zinc-300">{BFL_UPLOAD_HINT}</p>
        <FormField
          id="lora-id"
          label="Name"
          hint="The name you gave it at BFL, or org-id/name for a LoRA shared in your organisation."
          error={errors.id}
        >
          <input
            {...aria("id")}
            className={FIELD_INPUT}
            value={form.id}
            autoComplete="off"
            spellCheck={false}
            placeholder="my-style-lora"
            onChange={(e) => setForm({ ...form, id: e.target.value })}
          />
        </FormField>
        <div className="grid grid-cols-2 gap-3">
          <FormField
            id="lora-base_model"
            label="Base model"
            hint="As chosen at BFL."
            error={errors.base_model}
          >
            <select
              {...aria("base_model")}
              className={FIELD_INPUT}
              value={form.base_model}
              onChange={(e) => setForm(setBaseModel(form, e.target.value as LoraForm["base_model"]))}
            >
              <option value="">Choose…</option>
              {KLEIN_BASE_MODELS.map((b) => (
                <option key={b} value={b}>
                  {KLEIN_BASE_MODEL_LABEL[b]}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="lora-precision" label="Precision" hint="As chosen at BFL." error={errors.precision}>
            <select
              {...aria("precision")}
              className={FIELD_INPUT}
              value={form.precision}
              disabled={!form.base_model}
              onChange={(e) => setForm({ ...form, precision: e.target.value as KleinPrecision })}
            >
              <option value="">Choose…</option>
              {(form.base_model ? kleinPrecisionsFor(form.base_model) : []).map((p) => (
                <option key={p} value={p}>
                  {p.toUpperCase()}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <FormField
          id="lora-trigger_phrase"
          label="Trigger phrase (optional)"
          hint="The playground offers to put it in the prompt."
          error={errors.trigger_phrase}
        >
          <input
            {...aria("trigger_phrase")}
            className={FIELD_INPUT}
            value={form.trigger_phrase}
            onChange={(e) => setForm({ ...form, trigger_phrase: e.target.value })}
          />
        </FormField>
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="lora-endpoint">
          {endpoint ? (
            <>
              Served on <code className="font-mono">{endpoint}</code>.
            </>
          ) : (
            "The base model and precision choose the klein endpoint that serves it."
          )}
        </p>
        {add.isError && (
          <p
            role="alert"
            className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
            data-testid="add-lora-error"
          >
            {add.error.message}
          </p>
        )}
        <div className="mt-2 flex flex-wrap justify-end gap-2">
          <button type="button" onClick={close} disabled={add.isPending} className={buttonStyles.secondary}>
            Cancel
          </button>
          <button
            type="submit"
            disabled={add.isPending}
            className={buttonStyles.primary}
            data-testid="add-lora-submit"
          >
            {add.isPending ? "Adding…" : "Add LoRA"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
