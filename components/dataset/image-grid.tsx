"use client";

import type { CardWarning } from "@/lib/dataset/checks";
import type { DatasetItem } from "@/lib/dataset/types";
import { type CardProps, ImageCard } from "./image-card";

type Handlers = Omit<CardProps, "item" | "thumbUrl" | "warnings" | "selected" | "triggerWord">;

/** The thumbnail grid (at most 20 images plus a few refused ones, so no virtualisation is needed). */
export function ImageGrid({
  items,
  urls,
  perItem,
  selected,
  triggerWord,
  ...handlers
}: Handlers & {
  items: DatasetItem[];
  urls: ReadonlyMap<string, { thumb: string }>;
  perItem: Map<string, CardWarning[]>;
  selected: ReadonlySet<string>;
  triggerWord: string;
}) {
  if (items.length === 0) return null;
  return (
    <ul
      aria-label="Dataset images"
      data-testid="image-grid"
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3"
    >
      {items.map((item) => (
        <ImageCard
          key={item.id}
          item={item}
          thumbUrl={urls.get(item.id)?.thumb}
          warnings={perItem.get(item.id) ?? []}
          selected={selected.has(item.id)}
          triggerWord={triggerWord}
          {...handlers}
        />
      ))}
    </ul>
  );
}
