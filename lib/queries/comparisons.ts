import { queryOptions } from "@tanstack/react-query";
import { generationListSchema } from "@/lib/api/types";
import { apiFetch } from "./fetcher";
import { GENERATION_POLL_MS, generationKeys, isGenerationDone } from "./generations";

export const comparisonKeys = {
  detail: (id: string) => [...generationKeys.all, "comparison", id] as const,
};

/** A comparison's images; polls until every one has finished. */
export function comparisonOptions(id: string) {
  return queryOptions({
    queryKey: comparisonKeys.detail(id),
    queryFn: () =>
      apiFetch(`/api/comparisons/${encodeURIComponent(id)}`, generationListSchema).then((r) => r.generations),
    refetchInterval: (query) =>
      query.state.data?.some((g) => !isGenerationDone(g)) ? GENERATION_POLL_MS : false,
  });
}
