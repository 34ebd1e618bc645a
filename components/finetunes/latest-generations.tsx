"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton";
import type { Finetune } from "@/lib/api/types";
import { generationListOptions } from "@/lib/queries/generations";
import { LoadError } from "./list-states";

const SHOWN = 8;

/** The newest images made with this finetune (stored on the dashboard's disk). */
export function LatestGenerations({ finetune: f }: { finetune: Finetune }) {
  const query = useQuery(generationListOptions({ finetune_id: f.id }));
  const ready = (query.data ?? []).filter((g) => g.thumbnail_url !== null).slice(0, SHOWN);
  return (
    <section aria-labelledby="generations-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="generations-heading" className="font-semibold">
          Latest images generated with it
        </h2>
        <Link href="/gallery" className="text-sm font-semibold text-brand-700 underline dark:text-brand-100">
          Open the gallery
        </Link>
      </div>
      {query.isPending ? (
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="aspect-square" />
          ))}
        </div>
      ) : query.isError ? (
        <LoadError
          title="The generated images could not be loaded"
          message={query.error.message}
          onRetry={() => void query.refetch()}
        />
      ) : ready.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="generations-empty">
          No images generated with this finetune yet.
        </p>
      ) : (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="latest-generations">
          {ready.map((g) => (
            <li key={g.id}>
              <a href={g.image_url ?? undefined} target="_blank" rel="noreferrer" className="block">
                {/* biome-ignore lint/performance/noImgElement: dashboard-served thumbnails */}
                <img
                  src={g.thumbnail_url ?? undefined}
                  alt={`Generated: ${g.prompt}`}
                  loading="lazy"
                  className="aspect-square w-full rounded-lg border border-zinc-200 object-cover dark:border-zinc-800"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
