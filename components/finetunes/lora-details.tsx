"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ApiError } from "@/lib/queries/fetcher";
import { loraDetailOptions } from "@/lib/queries/finetunes";
import { FinetuneDetailsSkeleton } from "./finetune-details";
import { LoadError } from "./list-states";
import { LoraCard } from "./lora-card";

/** A klein LoRA's page header: its card (base model, precision, trigger phrase, endpoint). */
export function LoraDetails({ id }: { id: string }) {
  const query = useQuery(loraDetailOptions(id));
  if (query.isPending) return <FinetuneDetailsSkeleton />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return (
        <div className="space-y-3" data-testid="finetune-not-found">
          <h1 className="text-2xl font-bold">LoRA not found</h1>
          <p className="text-sm">{query.error.message}</p>
          <Link href="/finetunes" className="font-semibold text-brand-700 underline dark:text-brand-100">
            Back to all finetunes
          </Link>
        </div>
      );
    return (
      <LoadError
        title="This LoRA could not be loaded"
        message={query.error.message}
        onRetry={() => void query.refetch()}
      />
    );
  }
  return (
    <div className="space-y-3">
      <h1 className="sr-only">LoRA {query.data.id}</h1>
      <ul>
        <LoraCard lora={query.data} page />
      </ul>
    </div>
  );
}
