"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { Generation } from "@/lib/api/types";
import { isComparisonId } from "@/lib/judge/compare";

/** A strength sweep as one row, tiles ordered by strength (each drawn by the gallery's own card). */
export function SweepRow({
  items,
  renderCard,
}: {
  items: Generation[];
  renderCard: (g: Generation) => ReactNode;
}) {
  const first = items[0];
  if (!first) return null;
  return (
    <section
      className="rounded-lg border border-zinc-200 p-2 dark:border-zinc-700"
      aria-label={`Strength sweep, ${items.length} images`}
      data-testid="gallery-sweep"
    >
      <h2 className="text-sm font-semibold">
        Strength sweep · {items.length} images · seed {first.seed ?? "random"} ·{" "}
        {first.finetune_comment ?? first.finetune_id}
      </h2>
      <p className="line-clamp-1 text-xs text-zinc-600 dark:text-zinc-400">“{first.prompt || "no prompt"}”</p>
      {isComparisonId(first.sweep_id) && (
        <Link
          href={`/compare?id=${encodeURIComponent(first.sweep_id)}`}
          className="text-xs underline"
          data-testid="open-comparison"
        >
          Open as a comparison grid
        </Link>
      )}
      <ul className="mt-2 grid auto-cols-[9rem] grid-flow-col gap-2 overflow-x-auto pb-1 sm:auto-cols-[11rem]">
        {items.map((g) => renderCard(g))}
      </ul>
    </section>
  );
}
