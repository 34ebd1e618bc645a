"use client";

import { useId } from "react";
import { FIELD_INPUT, FormField } from "@/components/ui/field";
import { ENDPOINT_INFO, type InferenceEndpoint } from "@/lib/bfl";
import { COMPARE_ENDPOINTS, type CompareEndpoint } from "@/lib/judge/compare";

/** Fields shared by the comparison and eval-set forms: labelled text, seed, endpoint. */

export function TextField({
  label,
  hint,
  value,
  onChange,
  testId,
  rows,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  /** A textarea of this many rows; a one-line input without. */
  rows?: number;
}) {
  const id = useId();
  const common = {
    id,
    value,
    "aria-describedby": `${id}-hint`,
    className: FIELD_INPUT,
    "data-testid": testId,
  };
  return (
    <FormField id={id} label={label} hint={hint}>
      {rows ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} onChange={(e) => onChange(e.target.value)} />
      )}
    </FormField>
  );
}

export function SeedField({
  value,
  onChange,
  hint,
  testId,
}: {
  value: number;
  onChange: (seed: number) => void;
  hint: string;
  testId: string;
}) {
  const id = useId();
  return (
    <FormField id={id} label="Seed" hint={hint}>
      <input
        id={id}
        type="number"
        min={0}
        step={1}
        value={value}
        onChange={(e) => onChange(Math.max(0, Math.trunc(Number(e.target.value) || 0)))}
        aria-describedby={`${id}-hint`}
        className={FIELD_INPUT}
        data-testid={testId}
      />
    </FormField>
  );
}

/** `options`: the endpoints offered (default Ultra and Pro finetuned, the comparison's). */
export function EndpointChoice<E extends InferenceEndpoint = CompareEndpoint>({
  value,
  onChange,
  options = COMPARE_ENDPOINTS as readonly InferenceEndpoint[] as readonly E[],
}: {
  value: E;
  onChange: (endpoint: E) => void;
  options?: readonly E[];
}) {
  const name = useId();
  return (
    <fieldset>
      <legend className="text-sm font-medium">Endpoint</legend>
      <div className="flex flex-wrap gap-x-4">
        {options.map((ep) => (
          <label key={ep} className="flex items-center gap-2 text-sm">
            <input type="radio" name={name} checked={value === ep} onChange={() => onChange(ep)} />
            {ENDPOINT_INFO[ep].label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
