"use client";

import { useQuery } from "@tanstack/react-query";
import { ApiError } from "@/lib/queries/fetcher";
import { loraDetailOptions } from "@/lib/queries/finetunes";
import { FinetuneDetailsSkeleton } from "./finetune-details";
import { DetailNotFound, LoadError } from "./list-states";
import { LoraCard } from "./lora-card";

/** A klein LoRA's page header: its card (base model, precision, trigger phrase, endpoint). */
export function LoraDetails({ id }: { id: string }) {
  const query = useQuery(loraDetailOptions(id));
  if (query.isPending) return <FinetuneDetailsSkeleton />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return <DetailNotFound title="LoRA not found" message={query.error.message} />;
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
