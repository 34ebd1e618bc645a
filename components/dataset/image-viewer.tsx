"use client";

import { useRef } from "react";
import { DialogShell } from "@/components/ui/modal";
import type { DatasetItem } from "@/lib/dataset/types";
import { CaptionEditor } from "./caption-editor";

const NAV_BTN =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-40 dark:border-zinc-700 dark:hover:bg-zinc-800";

/**
 * Full-size viewer: ← / → move between images (when the caption box is not focused), Esc closes, and the
 * caption is edited in place (the same state as the card, so nothing is lost by navigating).
 */
export function ImageViewer({
  items,
  index,
  fullUrl,
  onIndex,
  onClose,
  onCaption,
}: {
  items: DatasetItem[];
  index: number;
  fullUrl?: string;
  onIndex: (i: number) => void;
  onClose: () => void;
  onCaption: (id: string, caption: string) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const item = items[index];

  if (!item) return null;
  const prev = () => index > 0 && onIndex(index - 1);
  const next = () => index < items.length - 1 && onIndex(index + 1);
  const pr = item.processed;
  return (
    <DialogShell
      ref={ref}
      aria-label={`Image ${index + 1} of ${items.length}: ${item.name}`}
      data-testid="image-viewer"
      onClose={onClose}
      onKeyDown={(e) => {
        if (e.target instanceof HTMLTextAreaElement) return;
        if (e.key === "ArrowLeft") prev();
        else if (e.key === "ArrowRight") next();
      }}
      className="h-[100dvh] max-h-none w-full max-w-none bg-zinc-950/95 p-0 text-zinc-100 backdrop:bg-black/70 sm:h-[92vh] sm:w-[92vw] sm:rounded-xl"
    >
      <div className="flex h-full flex-col gap-3 p-3 sm:p-4">
        <header className="flex items-center justify-between gap-2">
          <h2 className="truncate text-base font-semibold" data-testid="viewer-title">
            {item.name}
            <span className="ml-2 text-sm font-normal text-zinc-400">
              {index + 1} / {items.length}
              {pr ? ` · ${pr.width}×${pr.height} px` : ""}
            </span>
          </h2>
          <div className="flex shrink-0 gap-2">
            <button
              type="button"
              className={NAV_BTN}
              onClick={prev}
              disabled={index === 0}
              aria-label="Previous image"
            >
              ←
            </button>
            <button
              type="button"
              className={NAV_BTN}
              onClick={next}
              disabled={index === items.length - 1}
              aria-label="Next image"
            >
              →
            </button>
            <button
              type="button"
              className={NAV_BTN}
              onClick={() => ref.current?.close()}
              data-testid="viewer-close"
            >
              Close (Esc)
            </button>
          </div>
        </header>
        <div className="flex min-h-0 flex-1 items-center justify-center">
          {fullUrl ? (
            // biome-ignore lint/performance/noImgElement: local object URL
            <img src={fullUrl} alt={item.name} className="max-h-full max-w-full object-contain" />
          ) : (
            <p>Preparing…</p>
          )}
        </div>
        <CaptionEditor
          id={`viewer-cap-${item.id}`}
          label={`Caption for ${item.name}`}
          value={item.caption}
          onChange={(c) => onCaption(item.id, c)}
          rows={2}
          testId="viewer-caption"
        />
      </div>
    </DialogShell>
  );
}
