"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { downloadName } from "@/components/playground/result-tile";
import { buttonStyles } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LoadMoreButton } from "@/components/ui/load-more-button";
import { toast } from "@/components/ui/toast-store";
import type { Generation } from "@/lib/api/types";
import { groupGallery, viewerOrder } from "@/lib/playground/gallery-groups";
import { galleryFilterToQuery, isGalleryFiltered } from "@/lib/playground/gallery-url";
import { buildGalleryZip, saveBlob } from "@/lib/playground/gallery-zip";
import { finetuneListResponseOptions } from "@/lib/queries/finetunes";
import {
  type GenerationFilter,
  generationPagesOptions,
  useDeleteGenerations,
  useSetGenerationFavourite,
} from "@/lib/queries/generations";
import { GalleryBulkBar } from "./gallery-bulk-bar";
import { GalleryCard } from "./gallery-card";
import { GalleryFilters } from "./gallery-filters";
import { ImageViewer } from "./image-viewer";
import { SweepRow } from "./sweep-row";

const errorText = (err: unknown, fallback: string) => (err instanceof Error ? err.message : fallback);

export function Gallery({ initialFilter }: { initialFilter: GenerationFilter }) {
  const [filter, setFilter] = useState<GenerationFilter>(initialFilter);
  const [search, setSearch] = useState(initialFilter.q ?? "");
  const deferredSearch = useDeferredValue(search);
  const effective = useMemo(
    () => ({ ...filter, q: deferredSearch.trim() || undefined }),
    [filter, deferredSearch],
  );
  const [open, setOpen] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<"zip" | "delete" | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deletes = useDeleteGenerations();
  const favourites = useSetGenerationFavourite();
  const finetunes = useQuery(finetuneListResponseOptions());
  const pages = useInfiniteQuery(generationPagesOptions(effective));

  // Filters live in the URL: a reload, a shared link or Back shows the same view.
  useEffect(() => {
    const next = `${window.location.pathname}${galleryFilterToQuery(effective)}`;
    if (next !== `${window.location.pathname}${window.location.search}`) {
      window.history.replaceState(window.history.state, "", next);
    }
    setSelected(new Set());
  }, [effective]);

  const blocks = useMemo(
    () => groupGallery(pages.data?.pages.flatMap((p) => p.generations) ?? []),
    [pages.data],
  );
  const order = useMemo(() => viewerOrder(blocks), [blocks]);
  const indexOf = (g: Generation) => order.findIndex((x) => x.id === g.id);
  const chosen = order.filter((g) => selected.has(g.id));

  async function remove(g: Generation) {
    const [failed] = await deletes.mutateAsync([g.id]);
    if (failed) throw failed.error;
    const i = indexOf(g);
    // Stay in the viewer on the next image, or close when it was the last.
    setOpen(order.length <= 1 ? null : Math.min(i, order.length - 2));
  }

  async function favourite(g: Generation, value: boolean) {
    try {
      await favourites.mutateAsync({ id: g.id, favourite: value });
    } catch (err) {
      toast({ tone: "error", title: "The favourite was not saved", body: errorText(err, "Try again.") });
    }
  }

  function select(g: Generation, on: boolean) {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(g.id);
      else next.delete(g.id);
      return next;
    });
  }

  async function downloadZip() {
    setBusy("zip");
    try {
      const { blob, count, skipped } = await buildGalleryZip(chosen, downloadName);
      if (count === 0) {
        toast({ tone: "error", title: "Nothing to download", body: "None of the selected images is ready." });
        return;
      }
      saveBlob(blob, `finetune-studio-${count}-images.zip`);
      toast({
        tone: "success",
        title: `ZIP of ${count} image${count === 1 ? "" : "s"} downloaded`,
        ...(skipped ? { body: `${skipped} without an image (failed or still running) left out.` } : {}),
      });
    } catch (err) {
      toast({ tone: "error", title: "The ZIP could not be made", body: errorText(err, "Try again.") });
    } finally {
      setBusy(null);
    }
  }

  async function deleteSelected() {
    setBusy("delete");
    const failed = await deletes.mutateAsync(chosen.map((g) => g.id));
    setBusy(null);
    setConfirmDelete(false);
    setSelected(new Set(failed.map((f) => f.id)));
    const done = chosen.length - failed.length;
    toast({
      tone: failed.length ? "error" : "success",
      title: `${done} image${done === 1 ? "" : "s"} deleted`,
      ...(failed.length
        ? { body: `${failed.length} could not be deleted and stay selected; try again.` }
        : {}),
    });
  }

  const card = (g: Generation, sweepLabel = false) => (
    <GalleryCard
      key={g.id}
      g={g}
      sweepLabel={sweepLabel}
      onOpen={() => setOpen(indexOf(g))}
      selected={selected.has(g.id)}
      onSelect={(on) => select(g, on)}
      onFavourite={(v) => void favourite(g, v)}
    />
  );

  return (
    <div className="mt-4 space-y-4">
      <GalleryFilters
        value={filter}
        search={search}
        onSearch={setSearch}
        onChange={setFilter}
        finetunes={finetunes.data?.finetunes ?? []}
        loras={finetunes.data?.loras ?? []}
      />
      {chosen.length > 0 && (
        <GalleryBulkBar
          selected={chosen.length}
          shown={order.length}
          busy={busy}
          onSelectAll={() => setSelected(new Set(order.map((g) => g.id)))}
          onClear={() => setSelected(new Set())}
          onDownload={() => void downloadZip()}
          onDelete={() => setConfirmDelete(true)}
        />
      )}

      {pages.isPending ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading images…</p>
      ) : pages.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The gallery could not be loaded: {pages.error.message}
        </p>
      ) : order.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-600 dark:text-zinc-400"
          data-testid="gallery-empty"
        >
          {isGalleryFiltered(effective) ? (
            <>
              <p>No images match these filters.</p>
              <p className="mt-2">
                <button
                  type="button"
                  className="font-semibold text-brand-700 underline dark:text-brand-100"
                  onClick={() => {
                    setSearch("");
                    setFilter({});
                  }}
                >
                  Clear filters
                </button>{" "}
                or{" "}
                <Link
                  href="/playground"
                  className="font-semibold text-brand-700 underline dark:text-brand-100"
                >
                  make one in the playground
                </Link>
                .
              </p>
            </>
          ) : (
            <>
              <p>No images yet.</p>
              <Link href="/playground" className={`${buttonStyles.primary} mt-3`}>
                Make some in the playground
              </Link>
            </>
          )}
        </div>
      ) : (
        <div className="space-y-4" data-testid="gallery">
          {blocks.map((b) =>
            b.kind === "sweep" ? (
              <SweepRow key={b.key} items={b.items} renderCard={(g) => card(g, true)} />
            ) : (
              <ul key={b.key} className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 xl:grid-cols-6">
                {b.items.map((g) => card(g))}
              </ul>
            ),
          )}
        </div>
      )}
      <LoadMoreButton pages={pages} testId="load-more" />
      {open !== null && order[open] && (
        <ImageViewer
          items={order}
          index={open}
          onIndex={setOpen}
          onClose={() => setOpen(null)}
          onDelete={remove}
        />
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${chosen.length} image${chosen.length === 1 ? "" : "s"}?`}
        confirmLabel={`Delete ${chosen.length}`}
        busy={busy === "delete"}
        onConfirm={() => void deleteSelected()}
        onCancel={() => setConfirmDelete(false)}
        testId="gallery-delete-dialog"
      >
        They are removed from the gallery and from the dashboard&apos;s disk. This cannot be undone; download
        a ZIP first to keep copies.
      </ConfirmDialog>
    </div>
  );
}
