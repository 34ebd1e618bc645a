"use client";

import { useId } from "react";
import { clampField, type FieldSpec, type FieldValue } from "@/lib/playground/form-model";

const INPUT =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900";

/** One control per schema field: slider + number for ranges, select for enums and presets, checkbox. */
export function ParamField({
  spec,
  value,
  onChange,
}: {
  spec: FieldSpec;
  value: FieldValue | undefined;
  onChange: (v: FieldValue) => void;
}) {
  const id = useId();
  const helpId = useId();
  const v = value ?? spec.default;
  const help = spec.help ? (
    <p id={helpId} className="text-xs text-zinc-600 dark:text-zinc-400">
      {spec.help}
      {spec.kind === "integer" || spec.kind === "number" ? ` Default ${String(spec.default)}.` : ""}
    </p>
  ) : null;
  const testId = `param-${spec.name}`;
  if (spec.kind === "boolean") {
    return (
      <div>
        <label className="flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            checked={Boolean(v)}
            onChange={(e) => onChange(e.target.checked)}
            aria-describedby={spec.help ? helpId : undefined}
            data-testid={testId}
          />
          {spec.label}
        </label>
        {help}
      </div>
    );
  }
  if (spec.kind === "enum" || spec.kind === "aspect_ratio") {
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          {spec.label}
        </label>
        <select
          id={id}
          value={String(v)}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={spec.help ? helpId : undefined}
          data-testid={testId}
          className={`mt-1 w-full ${INPUT}`}
        >
          {spec.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {help}
      </div>
    );
  }
  const num = typeof v === "number" ? v : Number(v);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {spec.label}
      </label>
      <div className="mt-1 flex items-center gap-2">
        <input
          type="range"
          min={spec.min}
          max={spec.max}
          step={spec.step}
          value={num}
          onChange={(e) => onChange(clampField(spec, Number(e.target.value)))}
          aria-label={`${spec.label} slider`}
          className="min-w-0 flex-1 accent-brand-600"
        />
        <input
          id={id}
          type="number"
          min={spec.min}
          max={spec.max}
          step={spec.step}
          value={num}
          onChange={(e) => onChange(e.target.value === "" ? spec.default : Number(e.target.value))}
          onBlur={() => onChange(clampField(spec, num))}
          aria-describedby={spec.help ? helpId : undefined}
          data-testid={testId}
          className={`w-24 ${INPUT}`}
        />
      </div>
      {help}
    </div>
  );
}

export function ParamFields({
  fields,
  values,
  onChange,
}: {
  fields: FieldSpec[];
  values: Record<string, FieldValue>;
  onChange: (name: string, v: FieldValue) => void;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {fields.map((f) => (
        <ParamField key={f.name} spec={f} value={values[f.name]} onChange={(v) => onChange(f.name, v)} />
      ))}
    </div>
  );
}
