import { queryOptions } from "@tanstack/react-query";
import {
  type Generation,
  generationEnvelopeSchema,
  generationListSchema,
  TERMINAL_GENERATION_STATUSES,
} from "@/lib/api/types";
import { apiFetch } from "./fetcher";

export const generationKeys = {
  all: ["generations"] as const,
  list: (filter: { finetune_id?: string } = {}) => [...generationKeys.all, "list", filter] as const,
  detail: (id: string) => [...generationKeys.all, "detail", id] as const,
};

export function isGenerationDone(g: Pick<Generation, "status">): boolean {
  return TERMINAL_GENERATION_STATUSES.has(g.status);
}

export const GENERATION_POLL_MS = 1_000;

export function generationListOptions(filter: { finetune_id?: string } = {}) {
  const qs = filter.finetune_id ? `?finetune_id=${encodeURIComponent(filter.finetune_id)}` : "";
  return queryOptions({
    queryKey: generationKeys.list(filter),
    queryFn: () => apiFetch(`/api/generations${qs}`, generationListSchema).then((r) => r.generations),
    refetchInterval: (query) =>
      query.state.data?.some((g) => !isGenerationDone(g)) ? GENERATION_POLL_MS : false,
  });
}

export function generationDetailOptions(id: string) {
  return queryOptions({
    queryKey: generationKeys.detail(id),
    queryFn: () =>
      apiFetch(`/api/generations/${encodeURIComponent(id)}`, generationEnvelopeSchema).then(
        (r) => r.generation,
      ),
    refetchInterval: (query) =>
      query.state.data && !isGenerationDone(query.state.data) ? GENERATION_POLL_MS : false,
  });
}
