import type { ComponentProps } from "react";
import { cn } from "./cn";
import { FIELD_INPUT } from "./field";

export interface SelectOption {
  value: string;
  label: string;
}

/**
 * A native <select> with the form look. `options` render after any `children` (a leading "All …" or
 * "Choose …" option is a child); every other prop goes to the <select>.
 */
export function Select({
  options,
  className,
  children,
  ...props
}: ComponentProps<"select"> & { options: readonly SelectOption[] }) {
  return (
    <select {...props} className={cn(FIELD_INPUT, className)}>
      {children}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
