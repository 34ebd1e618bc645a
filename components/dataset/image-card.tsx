"use client";

import { memo, useRef } from "react";
import type { CardFix, CardWarning } from "@/lib/dataset/checks";
import { formatBytes } from "@/lib/dataset/resize";
import type { DatasetItem } from "@/lib/dataset/types";
import { CaptionEditor } from "./caption-editor";

const SMALL_BTN =
  "rounded border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

export interface CardProps {
  item: DatasetItem;
  thumbUrl?: string;
  warnings: CardWarning[];
  selected: boolean;
  triggerWord: string;
  onSelect: (id: string, selected: boolean) => void;
  onOpen: (id: string) => void;
  onCaption: (id: string, caption: string) => void;
  onFix: (id: string, fix: CardFix) => void;
  onRemove: (id: string) => void;
  onReplace: (id: string, file: File) => void;
}

/**
 * Equal props, with warnings compared by what they say: the checks are worked out afresh on every edit
 * (new arrays), and a card whose warnings read the same need not render again.
 */
function sameCard(a: CardProps, b: CardProps): boolean {
  const keys = Object.keys(b) as (keyof CardProps)[];
  if (keys.length !== Object.keys(a).length) return false;
  for (const key of keys) {
    if (key !== "warnings" && a[key] !== b[key]) return false;
  }
  return (
    a.warnings.length === b.warnings.length &&
    a.warnings.every((w, i) => {
      const v = b.warnings[i];
      return w.code === v?.code && w.message === v.message && w.fix === v.fix;
    })
  );
}

/** One image: thumbnail, pixel size (and before→after when shrunk), inline caption, warnings with fixes. */
export const ImageCard = memo(function ImageCard(p: CardProps) {
  const { item, warnings } = p;
  const replaceInput = useRef<HTMLInputElement>(null);
  const pr = item.processed;
  return (
    <li
      data-testid="image-card"
      data-name={item.name}
      className={`flex flex-col overflow-hidden rounded-lg border bg-white dark:bg-zinc-900 ${
        p.selected ? "border-brand-500 ring-2 ring-brand-500" : "border-zinc-200 dark:border-zinc-800"
      }`}
    >
      <button
        type="button"
        onClick={() => p.onOpen(item.id)}
        className="relative aspect-[4/3] w-full bg-zinc-100 dark:bg-zinc-800"
        aria-label={`Open ${item.name} full size`}
        disabled={!p.thumbUrl}
      >
        {p.thumbUrl ? (
          // biome-ignore lint/performance/noImgElement: local object URL, next/image cannot optimise it
          <img src={p.thumbUrl} alt={item.name} className="h-full w-full object-cover" />
        ) : (
          <span className="absolute inset-0 flex items-center justify-center text-sm text-zinc-600 dark:text-zinc-300">
            Preparing…
          </span>
        )}
      </button>
      <div className="flex flex-1 flex-col gap-2 p-2">
        <div className="flex items-center gap-2">
          <input
            type="checkbox"
            id={`sel-${item.id}`}
            checked={p.selected}
            onChange={(e) => p.onSelect(item.id, e.target.checked)}
            className="h-4 w-4"
          />
          <label
            htmlFor={`sel-${item.id}`}
            className="min-w-0 flex-1 truncate text-sm font-medium"
            title={item.name}
          >
            {item.name}
          </label>
        </div>
        {pr && (
          <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="image-size">
            {pr.reencoded
              ? `${pr.origWidth}×${pr.origHeight} → ${pr.width}×${pr.height} px · ${formatBytes(item.origBytes)} → ${formatBytes(pr.bytes)}`
              : `${pr.width}×${pr.height} px · ${formatBytes(pr.bytes)}`}
          </p>
        )}
        <CaptionEditor
          id={`cap-${item.id}`}
          label={`Caption for ${item.name}`}
          value={item.caption}
          onChange={(c) => p.onCaption(item.id, c)}
          testId="caption-input"
        />
        {warnings.length > 0 && (
          <ul className="flex flex-col gap-1" data-testid="card-warnings">
            {warnings.map((w) => (
              <li
                key={w.code + w.message}
                data-testid={`warning-${w.code}`}
                className="flex flex-wrap items-center gap-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
              >
                <span aria-hidden="true">⚠</span>
                <span className="flex-1">{w.message}</span>
                {w.fix && (
                  <button type="button" className={SMALL_BTN} onClick={() => p.onFix(item.id, w.fix!)}>
                    {w.fix === "add-trigger" ? `Add "${p.triggerWord.trim()}"` : "Remove caption"}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <div className="mt-auto flex gap-2">
          <button type="button" className={SMALL_BTN} onClick={() => replaceInput.current?.click()}>
            Replace<span className="sr-only"> {item.name}</span>
          </button>
          <input
            ref={replaceInput}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            className="hidden"
            aria-hidden="true"
            tabIndex={-1}
            data-testid="replace-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) p.onReplace(item.id, f);
              e.target.value = "";
            }}
          />
          <button type="button" className={SMALL_BTN} onClick={() => p.onRemove(item.id)}>
            Remove<span className="sr-only"> {item.name}</span>
          </button>
        </div>
      </div>
    </li>
  );
}, sameCard);
