import type { ReactNode } from "react";

/** Label, control, one-line hint and error message, wired for screen readers (see `describedBy`). */
export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
        {hint}
      </p>
      {error && (
        <p
          id={`${id}-error`}
          className="text-xs font-medium text-red-700 dark:text-red-300"
          data-testid={`error-${id}`}
        >
          {error}
        </p>
      )}
    </div>
  );
}

/** The look of a text input, select or textarea inside a form. */
export const FIELD_INPUT =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950";

export function describedBy(id: string, error?: string): string {
  return error ? `${id}-hint ${id}-error` : `${id}-hint`;
}
