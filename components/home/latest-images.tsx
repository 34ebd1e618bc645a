"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton";
import { recentGenerationsOptions } from "@/lib/queries/generations";

const COUNT = 6;

/** The newest stored images (thumbnails only); everything else is in the gallery. */
export function LatestImages() {
  const query = useQuery(recentGenerationsOptions(COUNT));

  if (query.isPending) {
    return (
      <div className="grid grid-cols-3 gap-2 sm:grid-cols-6" aria-busy="true">
        {Array.from({ length: COUNT }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed placeholders
          <Skeleton key={i} className="aspect-square" />
        ))}
      </div>
    );
  }
  if (query.isError) {
    return (
      <p role="alert" className="text-sm text-red-800 dark:text-red-300">
        The latest images could not be loaded: {query.error.message}
      </p>
    );
  }
  const shown = query.data.filter((g) => g.status === "Ready" && g.thumbnail_url);
  if (shown.length === 0) {
    return (
      <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="home-no-images">
        No images yet. Generate with a Ready finetune in the{" "}
        <Link href="/playground" className="font-semibold text-brand-700 underline dark:text-brand-100">
          playground
        </Link>
        ; every result is kept here.
      </p>
    );
  }
  return (
    <ul className="grid grid-cols-3 gap-2 sm:grid-cols-6" data-testid="home-latest-images">
      {shown.map((g) => (
        <li key={g.id}>
          <Link
            href="/gallery"
            className="block aspect-square overflow-hidden rounded-md border border-zinc-200 bg-zinc-100 hover:border-brand-500 dark:border-zinc-800 dark:bg-zinc-800"
            title={g.prompt}
          >
            {/* biome-ignore lint/performance/noImgElement: small thumbnails from our own API */}
            <img
              src={g.thumbnail_url ?? ""}
              alt={g.prompt ? `Generated: ${g.prompt}` : "Generated image"}
              loading="lazy"
              decoding="async"
              className="h-full w-full object-cover"
            />
          </Link>
        </li>
      ))}
    </ul>
  );
}
