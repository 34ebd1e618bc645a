"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Skeleton } from "@/components/ui/skeleton";
import type { FinetuneStatus } from "@/lib/api/types";
import { statusPresentation } from "@/lib/finetunes/status";
import { finetuneListResponseOptions } from "@/lib/queries/finetunes";
import { LoadError } from "../finetunes/list-states";
import { countFinetunes } from "./overview-model";

const ORDER: FinetuneStatus[] = ["Pending", "Queued", "Ready", "Error"];

const TONE: Record<FinetuneStatus, string> = {
  Queued: "border-zinc-300 dark:border-zinc-700",
  Pending: "border-sky-300 dark:border-sky-800",
  Ready: "border-emerald-300 dark:border-emerald-800",
  Error: "border-red-300 dark:border-red-800",
};

/** How many finetunes are in each status (the same cached list the global watcher polls). */
export function FinetuneCounts() {
  const query = useQuery(finetuneListResponseOptions());

  if (query.isPending) {
    return (
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-busy="true">
        {ORDER.map((s) => (
          <Skeleton key={s} className="h-16" />
        ))}
      </div>
    );
  }
  if (query.isError) {
    return (
      <p role="alert" className="text-sm text-red-800 dark:text-red-300" data-testid="home-finetunes-error">
        The finetunes could not be loaded: {query.error.message}{" "}
        <button type="button" className="font-semibold underline" onClick={() => void query.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  const counts = countFinetunes(query.data.finetunes);
  const upstream = query.data.upstream_error;
  // Not "no finetunes": BFL did not answer, so the account's finetunes are unknown.
  const unreachable = upstream ? (
    <LoadError
      title="BFL could not be reached"
      message={`${upstream.message} ${counts.total === 0 ? "Your finetunes show here once it answers." : "Only the finetunes this dashboard created are counted."}`}
      onRetry={() => void query.refetch()}
      retrying={query.isFetching}
    />
  ) : null;
  if (counts.total === 0 && unreachable) return unreachable;
  if (counts.total === 0) {
    return (
      <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="home-no-finetunes">
        No finetunes yet.{" "}
        <Link href="/new" className="font-semibold text-brand-700 underline dark:text-brand-100">
          Train your first one
        </Link>
        .
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {unreachable}
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="home-finetune-counts">
        {ORDER.map((s) => (
          <li key={s} className="h-full">
            <Link
              href="/finetunes"
              data-testid="home-count"
              data-status={s}
              title={statusPresentation(s).description}
              className={`block h-full rounded-lg border bg-white px-3 py-2 hover:border-brand-500 dark:bg-zinc-900 ${TONE[s]}`}
            >
              <span className="block text-2xl font-bold tabular-nums">{counts.byStatus[s]}</span>
              <span className="block text-sm text-zinc-700 dark:text-zinc-300">
                {statusPresentation(s).label}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {counts.otherRegion > 0 ? (
        <p className="text-sm text-amber-900 dark:text-amber-200" data-testid="home-other-region">
          {counts.otherRegion === 1 ? "1 finetune was" : `${counts.otherRegion} finetunes were`} trained in
          another region and cannot be used from this dashboard.
        </p>
      ) : null}
    </div>
  );
}
