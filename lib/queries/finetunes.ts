import { queryOptions } from "@tanstack/react-query";
import { type Finetune, finetuneEnvelopeSchema, finetuneListSchema } from "@/lib/api/types";
import { apiFetch } from "./fetcher";

export const finetuneKeys = {
  all: ["finetunes"] as const,
  list: () => [...finetuneKeys.all, "list"] as const,
  detail: (id: string) => [...finetuneKeys.all, "detail", id] as const,
};

const UNFINISHED: ReadonlySet<Finetune["status"]> = new Set(["Queued", "Pending"]);

export function isFinetuneUnfinished(f: Pick<Finetune, "status">): boolean {
  return UNFINISHED.has(f.status);
}

/** Poll every few seconds while any finetune trains; stop once all are terminal. */
export const FINETUNE_POLL_MS = 3_000;

export function finetuneListOptions() {
  return queryOptions({
    queryKey: finetuneKeys.list(),
    queryFn: () => apiFetch("/api/finetunes", finetuneListSchema).then((r) => r.finetunes),
    refetchInterval: (query) => (query.state.data?.some(isFinetuneUnfinished) ? FINETUNE_POLL_MS : false),
  });
}

export function finetuneDetailOptions(id: string) {
  return queryOptions({
    queryKey: finetuneKeys.detail(id),
    queryFn: () =>
      apiFetch(`/api/finetunes/${encodeURIComponent(id)}`, finetuneEnvelopeSchema).then((r) => r.finetune),
    refetchInterval: (query) =>
      query.state.data && isFinetuneUnfinished(query.state.data) ? FINETUNE_POLL_MS : false,
  });
}
