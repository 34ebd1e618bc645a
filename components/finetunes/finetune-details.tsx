"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/queries/fetcher";
import { finetuneDetailOptions, finetuneKeys, finetuneListOptions } from "@/lib/queries/finetunes";
import { DatasetImages } from "./dataset-images";
import { ErrorReason } from "./error-reason";
import { FinetuneActions } from "./finetune-actions";
import { FinetuneParams } from "./finetune-params";
import { FinetuneProgress } from "./finetune-progress";
import { LatestGenerations } from "./latest-generations";
import { DetailNotFound, LoadError } from "./list-states";
import { RegionGuard } from "./region-guard";
import { StatusBadge } from "./status-badge";
import { StatusTimeline } from "./status-timeline";

export function FinetuneDetailsSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" role="status" aria-label="Loading finetune">
      <Skeleton className="h-8 w-1/2" />
      <Skeleton className="h-4 w-1/3" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}

/** Everything about one finetune; polls while it trains. */
export function FinetuneDetails({ id }: { id: string }) {
  const query = useQuery(finetuneDetailOptions(id));
  const list = useQuery(finetuneListOptions());
  const client = useQueryClient();
  const status = query.data?.status;

  // Keep the shared list (which the global watcher reads) in step with what this page sees, so a
  // finetune created a moment ago is watched and its end announced.
  useEffect(() => {
    if (!status || !list.data) return;
    const listed = list.data.find((f) => f.id === id);
    if (!listed || listed.status !== status) void client.invalidateQueries({ queryKey: finetuneKeys.list() });
  }, [status, list.data, id, client]);

  if (query.isPending) return <FinetuneDetailsSkeleton />;
  if (query.isError && !query.data) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return <DetailNotFound title="Finetune not found" message={query.error.message} />;
    }
    return (
      <LoadError
        title="This finetune could not be loaded"
        message={query.error.message}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  }

  const f = query.data;
  return (
    <article className="space-y-6" data-testid="finetune-details" data-status={f.status}>
      <header className="space-y-2">
        <Link
          href="/finetunes"
          className="text-sm font-semibold text-brand-700 underline dark:text-brand-100"
        >
          ← All finetunes
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 text-2xl font-bold break-words">
            {f.finetune_comment || "Untitled finetune"}
          </h1>
          <StatusBadge status={f.status} />
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">ID</span>
          <code
            className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs break-all dark:bg-zinc-800"
            data-testid="finetune-id"
          >
            {f.id}
          </code>
          <CopyButton value={f.id} label="Copy ID" testId="copy-id" />
        </div>
      </header>
      <RegionGuard finetune={f} />
      <ErrorReason finetune={f} />
      <FinetuneProgress finetune={f} />
      <FinetuneActions finetune={f} />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <FinetuneParams finetune={f} />
        <StatusTimeline finetune={f} />
      </div>
      <DatasetImages finetune={f} />
      <LatestGenerations finetune={f} />
    </article>
  );
}
