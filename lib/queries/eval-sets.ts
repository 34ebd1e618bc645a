import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { type EvalSetInput, evalSetEnvelopeSchema } from "@/lib/judge/eval-set";
import { apiFetch, jsonInit } from "./fetcher";
import { FINETUNE_POLL_MS, finetuneKeys } from "./finetunes";

export const evalSetKeys = {
  detail: (finetuneId: string) => [...finetuneKeys.detail(finetuneId), "eval-set"] as const,
};

const url = (id: string) => `/api/finetunes/${encodeURIComponent(id)}/eval-set`;

/** The set with what it belongs to (`subject`). Polls while the set is armed but has not run yet (it starts on its own when the finetune is Ready). */
export function evalSetOptions(finetuneId: string) {
  return queryOptions({
    queryKey: evalSetKeys.detail(finetuneId),
    queryFn: () => apiFetch(url(finetuneId), evalSetEnvelopeSchema),
    refetchInterval: (query) => {
      const s = query.state.data?.eval_set;
      return s?.enabled && !s.last_run_id ? FINETUNE_POLL_MS : false;
    },
  });
}

export function useSaveEvalSet(finetuneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EvalSetInput) =>
      apiFetch(url(finetuneId), evalSetEnvelopeSchema, jsonInit("PUT", input)),
    onSuccess: (set) => client.setQueryData(evalSetKeys.detail(finetuneId), set),
  });
}

/** Runs the set now; never retried (it spends credits). */
export function useRunEvalSet(finetuneId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`${url(finetuneId)}/run`, evalSetEnvelopeSchema, jsonInit("POST")),
    onSuccess: (set) => client.setQueryData(evalSetKeys.detail(finetuneId), set),
  });
}
