"use client";

import type { DatasetNotice } from "@/lib/dataset/checks";
import type { Rejection } from "@/lib/dataset/types";

const STYLE: Record<DatasetNotice["severity"], { label: string; className: string }> = {
  error: {
    label: "Blocked",
    className: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200",
  },
  warning: {
    label: "Warning",
    className:
      "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200",
  },
  hint: {
    label: "Hint",
    className: "border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200",
  },
};

const BUTTON =
  "shrink-0 rounded border border-current px-2 py-0.5 text-xs font-semibold hover:bg-white/50 dark:hover:bg-black/30";

/** Dataset-wide checks, refused files (name and reason) and captions waiting for their image. */
export function ChecksPanel({
  notices,
  rejections,
  onDismiss,
  onRemoveOrphan,
}: {
  notices: DatasetNotice[];
  rejections: Rejection[];
  onDismiss: (id: string) => void;
  onRemoveOrphan: (stem: string) => void;
}) {
  if (notices.length === 0 && rejections.length === 0) return null;
  return (
    <section aria-label="Dataset checks" className="flex flex-col gap-2" data-testid="checks">
      {rejections.length > 0 && (
        <div
          className={`flex flex-col gap-1 rounded-md border px-3 py-2 text-sm ${STYLE.warning.className}`}
          data-testid="rejections-summary"
        >
          <div className="flex items-start justify-between gap-2">
            <strong>
              {rejections.length === 1
                ? "1 file was not added:"
                : `${rejections.length} files were not added:`}
            </strong>
            <button
              type="button"
              className={BUTTON}
              onClick={() => {
                for (const r of rejections) onDismiss(r.id);
              }}
              aria-label={
                rejections.length === 1
                  ? `Dismiss message about ${rejections[0]!.name}`
                  : "Dismiss these messages"
              }
            >
              Dismiss
            </button>
          </div>
          <ul
            className="flex list-disc flex-col gap-0.5 pl-5"
            data-testid="rejections"
            aria-label="Files that were not added"
          >
            {rejections.map((r) => (
              <li key={r.id} data-testid="rejection">
                <span className="font-medium">{r.name}</span> — {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {notices.length > 0 && (
        <ul className="flex flex-col gap-1" data-testid="notices">
          {notices.map((n) => {
            const stem = n.code === "caption_without_image" ? n.ref : undefined;
            return (
              <li
                key={`${n.code}:${n.message}`}
                data-testid={`notice-${n.code}`}
                className={`flex items-start justify-between gap-2 rounded-md border px-3 py-2 text-sm ${STYLE[n.severity].className}`}
              >
                <span>
                  <strong>{STYLE[n.severity].label}:</strong> {n.message}
                </span>
                {stem !== undefined && (
                  <button type="button" className={BUTTON} onClick={() => onRemoveOrphan(stem)}>
                    Remove caption
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
