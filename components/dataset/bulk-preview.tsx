"use client";

import type { CaptionChange } from "@/lib/dataset/bulk-ops";

const show = (c: string | null) => (c === null ? "(no caption)" : c === "" ? "(empty)" : c);

/** What a bulk operation would change: before → after per caption, and the button that applies it. */
export function BulkPreview({
  changes,
  names,
  label,
  note,
  onApply,
}: {
  changes: CaptionChange[];
  names: ReadonlyMap<string, string>;
  label: string;
  /** What the operation leaves alone and why, shown above the changes. */
  note: string | null;
  onApply: () => void;
}) {
  return (
    <div className="flex flex-col gap-2" data-testid="bulk-preview">
      {note && (
        <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="bulk-skipped">
          {note}
        </p>
      )}
      {changes.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No caption would change.</p>
      ) : (
        <>
          <ul className="max-h-56 overflow-auto rounded border border-zinc-200 text-xs dark:border-zinc-800">
            {changes.map((c) => (
              <li
                key={c.id}
                className="grid gap-0.5 border-b border-zinc-100 px-2 py-1 last:border-0 dark:border-zinc-800"
              >
                <span className="font-medium">{names.get(c.id)}</span>
                <del className="text-red-700 dark:text-red-300">{show(c.before)}</del>
                <ins className="text-emerald-800 no-underline dark:text-emerald-300">{show(c.after)}</ins>
              </li>
            ))}
          </ul>
          <div>
            <button
              type="button"
              onClick={onApply}
              data-testid="bulk-apply"
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
            >
              {label}: apply to {changes.length} caption{changes.length === 1 ? "" : "s"}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
