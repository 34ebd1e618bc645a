"use client";

import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/skeleton";
import type { Finetune } from "@/lib/api/types";
import { finetuneImagesOptions } from "@/lib/queries/finetunes";
import { LoadError } from "./list-states";

/** The stored training images with their captions (only for finetunes created with this dashboard). */
export function DatasetImages({ finetune: f }: { finetune: Finetune }) {
  const query = useQuery({ ...finetuneImagesOptions(f.id), enabled: f.has_dataset });
  return (
    <section aria-labelledby="dataset-heading" className="space-y-3">
      <h2 id="dataset-heading" className="font-semibold">
        Training images{query.data ? ` (${query.data.length})` : ""}
      </h2>
      {!f.has_dataset ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          This finetune was created outside this dashboard, so its dataset is not stored here.
        </p>
      ) : query.isPending ? (
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6" aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="aspect-square" />
          ))}
        </div>
      ) : query.isError ? (
        <LoadError
          title="The training images could not be loaded"
          message={query.error.message}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6" data-testid="dataset-images">
          {query.data.map((img) => (
            <li key={img.index} data-testid="dataset-image">
              <figure className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
                <a href={img.url} target="_blank" rel="noreferrer" className="block">
                  {/* biome-ignore lint/performance/noImgElement: dashboard-served thumbnails */}
                  <img
                    src={img.thumbnail_url}
                    alt={
                      img.caption
                        ? `Training image ${img.name}: ${img.caption}`
                        : `Training image ${img.name}`
                    }
                    loading="lazy"
                    className="aspect-square w-full object-cover"
                  />
                </a>
                <figcaption className="space-y-0.5 p-2 text-xs">
                  <p className="truncate font-mono text-zinc-600 dark:text-zinc-400" title={img.name}>
                    {img.name}
                    {img.width && img.height ? ` · ${img.width}×${img.height}` : ""}
                  </p>
                  <p data-testid="dataset-caption" className="break-words">
                    {img.caption ?? (
                      <span className="italic text-zinc-600 dark:text-zinc-400">No caption</span>
                    )}
                  </p>
                </figcaption>
              </figure>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
