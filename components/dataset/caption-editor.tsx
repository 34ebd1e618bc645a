"use client";

import { useContext } from "react";
import { LiveStudioContext } from "./live-studio";

/**
 * A caption textarea bound straight to the studio state: every keystroke is a state change, and the
 * state is written to IndexedDB within moments, so no edit waits on a "save" that could be lost.
 */
export function CaptionEditor({
  id,
  label,
  value,
  onChange,
  rows = 3,
  testId,
}: {
  id: string;
  label: string;
  value: string | null;
  onChange: (caption: string) => void;
  rows?: number;
  testId?: string;
}) {
  const live = useContext(LiveStudioContext);
  const missing = live
    ? "No caption (the export writes the trigger word)"
    : "No caption (auto-captioning fills it in)";
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <textarea
        id={id}
        data-testid={testId}
        rows={rows}
        value={value ?? ""}
        placeholder={value === null ? missing : "Empty caption"}
        onChange={(e) => onChange(e.target.value)}
        className="w-full resize-y rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm text-zinc-900 dark:text-zinc-100 placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-950 dark:placeholder:text-zinc-400"
      />
    </div>
  );
}
