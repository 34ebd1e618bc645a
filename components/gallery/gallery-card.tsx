"use client";

import { Badge } from "@/components/ui/badge";
import type { Generation } from "@/lib/api/types";
import { ENDPOINT_INFO } from "@/lib/bfl";
import { generationProblem, statusText } from "@/lib/playground/messages";
import { strengthLabel } from "@/lib/playground/sweep";

/** A gallery thumbnail (lazy-loaded) that opens the viewer; problems are written on the card. */
export function GalleryCard({
  g,
  onOpen,
  sweepLabel = false,
}: {
  g: Generation;
  onOpen: () => void;
  sweepLabel?: boolean;
}) {
  const problem = generationProblem(g);
  const label = sweepLabel ? strengthLabel(g.finetune_strength) : `strength ${g.finetune_strength}`;
  return (
    <li
      className="flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-700 dark:bg-zinc-900"
      data-testid="gallery-item"
      data-generation-id={g.id}
      data-status={g.status}
    >
      <button
        type="button"
        onClick={onOpen}
        className="block aspect-square w-full bg-zinc-100 text-left dark:bg-zinc-800"
        aria-label={`Open “${g.prompt || "no prompt"}”, ${label}, seed ${g.seed ?? "random"}`}
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
      <div className="space-y-1 p-1.5 text-xs">
        <p className="font-semibold" data-testid="gallery-label">
          {label}
        </p>
        <p className="line-clamp-2 text-zinc-700 dark:text-zinc-300">{g.prompt || "(no prompt)"}</p>
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
