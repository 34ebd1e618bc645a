"use client";

import { Badge } from "@/components/ui/badge";
import type { Generation } from "@/lib/api/types";
import { ENDPOINT_INFO } from "@/lib/bfl";
import { formatDateTime } from "@/lib/finetunes/format";
import { generationProblem, statusText } from "@/lib/playground/messages";
import { strengthLabel } from "@/lib/playground/sweep";

/**
 * A gallery thumbnail (lazy-loaded) that opens the viewer, titled with its prompt and date; a checkbox
 * selects it for bulk actions and a star marks it a favourite. Problems are written on the card.
 */
export function GalleryCard({
  g,
  onOpen,
  sweepLabel = false,
  selected,
  onSelect,
  onFavourite,
}: {
  g: Generation;
  onOpen: () => void;
  sweepLabel?: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onFavourite: (favourite: boolean) => void;
}) {
  const problem = generationProblem(g);
  const title = g.prompt || "(no prompt)";
  const strength = sweepLabel ? strengthLabel(g.finetune_strength) : `Strength ${g.finetune_strength}`;
  const favourite = Boolean(g.favourite);
  return (
    <li
      className={`relative flex flex-col overflow-hidden rounded-lg border bg-white dark:bg-zinc-900 ${selected ? "border-brand-600 ring-2 ring-brand-600" : "border-zinc-200 dark:border-zinc-700"}`}
      data-testid="gallery-item"
      data-generation-id={g.id}
      data-status={g.status}
      data-selected={selected}
    >
      <button
        type="button"
        onClick={onOpen}
        className="block aspect-square w-full bg-zinc-100 text-left dark:bg-zinc-800"
        aria-label={`Open “${title}”, ${strength}, seed ${g.seed ?? "random"}`}
        data-testid="gallery-open"
      >
        {g.status === "Ready" && g.thumbnail_url ? (
          // biome-ignore lint/performance/noImgElement: small thumbnails from our API, lazily loaded
          <img
            src={g.thumbnail_url}
            alt=""
            loading="lazy"
            decoding="async"
            className="h-full w-full object-cover"
          />
        ) : problem ? (
          <span className="flex h-full flex-col justify-center gap-1 p-2 text-xs text-red-900 dark:text-red-200">
            <strong>{problem.title}</strong>
            <span className="line-clamp-4">{problem.message}</span>
          </span>
        ) : (
          <span className="flex h-full items-center justify-center p-2 text-xs text-zinc-700 dark:text-zinc-300">
            {statusText(g.status)}
          </span>
        )}
      </button>
      <label className="absolute left-1.5 top-1.5 flex size-8 cursor-pointer items-center justify-center rounded-md bg-white/90 shadow dark:bg-zinc-900/90">
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
          className="size-4"
          data-testid="gallery-select"
        />
        <span className="sr-only">Select “{title}”</span>
      </label>
      <button
        type="button"
        aria-pressed={favourite}
        onClick={() => onFavourite(!favourite)}
        className={`absolute right-1.5 top-1.5 flex size-8 items-center justify-center rounded-md bg-white/90 text-lg leading-none shadow dark:bg-zinc-900/90 ${favourite ? "text-amber-500" : "text-zinc-500 dark:text-zinc-400"}`}
        data-testid="gallery-favourite"
      >
        <span aria-hidden="true">{favourite ? "★" : "☆"}</span>
        <span className="sr-only">
          {favourite ? `Remove “${title}” from favourites` : `Add “${title}” to favourites`}
        </span>
      </button>
      <div className="space-y-1 p-1.5 text-xs">
        <p className="line-clamp-2 font-semibold" data-testid="gallery-title" title={title}>
          {title}
        </p>
        <p className="text-zinc-600 dark:text-zinc-400">
          <time dateTime={g.created_at}>{formatDateTime(g.created_at)}</time>
        </p>
        <p
          className={sweepLabel ? "font-semibold" : "text-zinc-700 dark:text-zinc-300"}
          data-testid="gallery-label"
        >
          {strength}
        </p>
        <div className="flex flex-wrap gap-1">
          <Badge>{ENDPOINT_INFO[g.endpoint].short}</Badge>
          {g.finetune_deleted && (
            <Badge tone="warning" testId="finetune-deleted">
              Finetune deleted
            </Badge>
          )}
        </div>
      </div>
    </li>
  );
}
