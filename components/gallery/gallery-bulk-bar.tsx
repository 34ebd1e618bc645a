"use client";

import { buttonStyles } from "@/components/ui/button-styles";

/** Shown while images are selected: how many, select all shown, download as ZIP, delete, clear. */
export function GalleryBulkBar({
  selected,
  shown,
  busy,
  onSelectAll,
  onClear,
  onDownload,
  onDelete,
}: {
  selected: number;
  shown: number;
  busy: "zip" | "delete" | null;
  onSelectAll: () => void;
  onClear: () => void;
  onDownload: () => void;
  onDelete: () => void;
}) {
  return (
    <div
      role="toolbar"
      aria-label="Selected images"
      className="sticky top-2 z-20 md:top-16 flex flex-wrap items-center gap-2 rounded-lg border border-brand-600 bg-white/95 p-2 text-sm shadow dark:bg-zinc-900/95"
      data-testid="gallery-bulk-bar"
    >
      <p className="font-semibold" aria-live="polite" data-testid="gallery-selected-count">
        {selected} selected
      </p>
      {selected < shown && (
        <button type="button" className={buttonStyles.ghost} onClick={onSelectAll}>
          Select all {shown} shown
        </button>
      )}
      <button
        type="button"
        className={buttonStyles.secondary}
        onClick={onDownload}
        disabled={busy !== null}
        data-testid="gallery-download-zip"
      >
        {busy === "zip" ? "Preparing ZIP…" : "Download ZIP"}
      </button>
      <button
        type="button"
        className={buttonStyles.danger}
        onClick={onDelete}
        disabled={busy !== null}
        data-testid="gallery-delete-selected"
      >
        {busy === "delete" ? "Deleting…" : "Delete…"}
      </button>
      <button type="button" className={buttonStyles.ghost} onClick={onClear} disabled={busy !== null}>
        Clear selection
      </button>
    </div>
  );
}
