"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import type { Generation } from "@/lib/api/types";
import { ENDPOINT_INFO, INFERENCE_ENDPOINTS } from "@/lib/bfl";
import { groupGallery, viewerOrder } from "@/lib/playground/gallery-groups";
import { finetuneListResponseOptions } from "@/lib/queries/finetunes";
import {
  deleteGeneration,
  type GenerationFilter,
  generationKeys,
  generationPagesOptions,
} from "@/lib/queries/generations";
import { GalleryCard } from "./gallery-card";
import { ImageViewer } from "./image-viewer";
import { SweepRow } from "./sweep-row";

const SELECT =
  "mt-1 w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-600 dark:bg-zinc-900";

export function Gallery({ initialFilter }: { initialFilter: GenerationFilter }) {
  const [filter, setFilter] = useState<GenerationFilter>(initialFilter);
  const [open, setOpen] = useState<number | null>(null);
  const qc = useQueryClient();
  const finetunes = useQuery(finetuneListResponseOptions());
  const pages = useInfiniteQuery(generationPagesOptions(filter));
  const ftId = useId();
  const epId = useId();

  const blocks = useMemo(
    () => groupGallery(pages.data?.pages.flatMap((p) => p.generations) ?? []),
    [pages.data],
  );
  const order = useMemo(() => viewerOrder(blocks), [blocks]);
  const indexOf = (g: Generation) => order.findIndex((x) => x.id === g.id);

  async function remove(g: Generation) {
    await deleteGeneration(g.id);
    const i = indexOf(g);
    await qc.invalidateQueries({ queryKey: generationKeys.all });
    // Stay in the viewer on the next image, or close when it was the last.
    setOpen(order.length <= 1 ? null : Math.min(i, order.length - 2));
  }

  return (
    <div className="mt-4 space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:max-w-2xl" role="search" aria-label="Filter the gallery">
        <div>
          <label htmlFor={ftId} className="block text-sm font-medium">
            Finetune
          </label>
          <select
            id={ftId}
            value={filter.finetune_id ?? ""}
            onChange={(e) => setFilter((f) => ({ ...f, finetune_id: e.target.value || undefined }))}
            className={SELECT}
            data-testid="filter-finetune"
          >
            <option value="">All finetunes</option>
            {(finetunes.data?.loras ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.id} · LoRA
              </option>
            ))}
            {(finetunes.data?.finetunes ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.finetune_comment} · {f.trigger_word}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={epId} className="block text-sm font-medium">
            Endpoint
          </label>
          <select
            id={epId}
            value={filter.endpoint ?? ""}
            onChange={(e) => setFilter((f) => ({ ...f, endpoint: e.target.value || undefined }))}
            className={SELECT}
            data-testid="filter-endpoint"
          >
            <option value="">All endpoints</option>
            {INFERENCE_ENDPOINTS.map((e) => (
              <option key={e} value={e}>
                {ENDPOINT_INFO[e].short} ({e})
              </option>
            ))}
          </select>
        </div>
      </div>

      {pages.isPending ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading images…</p>
      ) : pages.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The gallery could not be loaded: {pages.error.message}
        </p>
      ) : order.length === 0 ? (
        <p
          className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-600 dark:text-zinc-400"
          data-testid="gallery-empty"
        >
          {filter.finetune_id || filter.endpoint
            ? "No images match these filters."
            : "No images yet. Make some in the playground."}
        </p>
      ) : (
        <div className="space-y-4" data-testid="gallery">
          {blocks.map((b) =>
            b.kind === "sweep" ? (
              <SweepRow key={b.key} items={b.items} onOpen={(g) => setOpen(indexOf(g))} />
            ) : (
              <ul key={b.key} className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 xl:grid-cols-6">
                {b.items.map((g) => (
                  <GalleryCard key={g.id} g={g} onOpen={() => setOpen(indexOf(g))} />
                ))}
              </ul>
            ),
          )}
        </div>
      )}
      {pages.hasNextPage && (
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={() => pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
          data-testid="load-more"
        >
          {pages.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
      {open !== null && order[open] && (
        <ImageViewer
          items={order}
          index={open}
          onIndex={setOpen}
          onClose={() => setOpen(null)}
          onDelete={remove}
        />
      )}
    </div>
  );
}
