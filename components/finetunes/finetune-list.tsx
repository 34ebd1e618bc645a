"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { LoadMoreButton } from "@/components/ui/load-more-button";
import { EMPTY_FILTER, filterFinetunes, isFilterActive } from "@/lib/finetunes/filter";
import { finetunePagesOptions } from "@/lib/queries/finetunes";
import { FinetuneCard } from "./finetune-card";
import { FinetuneFilters } from "./finetune-filters";
import { FinetuneListEmpty, FinetuneListSkeleton, LoadError } from "./list-states";
import { BFL_UPLOAD_HINT, LoraCard } from "./lora-card";

/**
 * The account's finetunes, newest first, 50 at a time ("Load more"), live while any trains (the query
 * polls until all finish). Filters apply to the pages loaded so far.
 */
export function FinetuneList() {
  const query = useInfiniteQuery(finetunePagesOptions());
  const [filter, setFilter] = useState(EMPTY_FILTER);
  const pages = query.data?.pages;
  const all = useMemo(() => pages?.flatMap((p) => p.finetunes), [pages]);
  const shown = useMemo(() => filterFinetunes(all ?? [], filter), [all, filter]);
  const retry = () => void query.refetch();

  if (query.isPending) return <FinetuneListSkeleton />;
  if (query.isError && !query.data) {
    return (
      <LoadError
        title="The finetunes could not be loaded"
        message={query.error.message}
        onRetry={retry}
        retrying={query.isFetching}
      />
    );
  }
  const first = query.data.pages[0];
  const loaded = all ?? [];
  const upstream = first?.upstream_error;
  const problem = query.isError ? (
    <LoadError
      title="Showing the last known state: refreshing failed"
      message={query.error.message}
      onRetry={retry}
      retrying={query.isFetching}
    />
  ) : upstream ? (
    <LoadError
      title="BFL could not be reached"
      message={`${upstream.message} Showing the finetunes this dashboard created; others in your BFL account may be missing.`}
      onRetry={retry}
      retrying={query.isFetching}
    />
  ) : null;
  const loras = first?.loras ?? [];
  const loraSection =
    loras.length > 0 ? (
      <section aria-labelledby="loras-heading" className="space-y-3">
        <h2 id="loras-heading" className="text-lg font-semibold">
          FLUX.2 [klein] LoRAs
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{BFL_UPLOAD_HINT}</p>
        <ul className="grid gap-4 lg:grid-cols-2" data-testid="lora-list">
          {loras.map((l) => (
            <LoraCard key={l.id} lora={l} />
          ))}
        </ul>
      </section>
    ) : null;
  if (loaded.length === 0) {
    return (
      <div className="space-y-4">
        {problem}
        {loraSection}
        {upstream || loras.length > 0 ? null : <FinetuneListEmpty />}
      </div>
    );
  }
  const total = first?.total ?? loaded.length;
  const more = query.hasNextPage;

  return (
    <div className="space-y-4">
      {problem}
      {loraSection}
      {loraSection ? <h2 className="text-lg font-semibold">FLUX.1 finetunes</h2> : null}
      <FinetuneFilters value={filter} onChange={setFilter} />
      <p aria-live="polite" className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="finetune-count">
        {isFilterActive(filter)
          ? `${shown.length} of ${more ? `the ${loaded.length} loaded` : total} finetunes match`
          : more
            ? `${loaded.length} of ${total} finetunes shown`
            : `${total} finetune${total === 1 ? "" : "s"}`}
      </p>
      {shown.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm dark:border-zinc-700">
          No finetune matches these filters.{" "}
          <button
            type="button"
            onClick={() => setFilter(EMPTY_FILTER)}
            className="font-semibold text-brand-700 underline dark:text-brand-100"
          >
            Clear filters
          </button>
        </p>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2" data-testid="finetune-list">
          {shown.map((f) => (
            <FinetuneCard key={f.id} finetune={f} />
          ))}
        </ul>
      )}
      <LoadMoreButton pages={query} testId="finetunes-load-more" />
    </div>
  );
}
