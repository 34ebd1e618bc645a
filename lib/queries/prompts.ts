import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  type ImportResult,
  importResultSchema,
  type NewPrompt,
  type PromptExport,
  promptEnvelopeSchema,
  promptListSchema,
  type SavedPrompt,
} from "@/lib/judge/prompts";
import { apiFetch, jsonInit } from "./fetcher";

export const promptKeys = {
  all: ["prompts"] as const,
  list: () => [...promptKeys.all, "list"] as const,
};

/** The whole library (small); pickers narrow it to one finetune with `promptsFor`. */
export function promptListOptions() {
  return queryOptions({
    queryKey: promptKeys.list(),
    queryFn: () => apiFetch("/api/prompts", promptListSchema).then((r) => r.prompts),
  });
}

export const PROMPT_EXPORT_URL = "/api/prompts/export";

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: promptKeys.all });
}

export function useSavePrompt() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: NewPrompt): Promise<SavedPrompt> =>
      apiFetch("/api/prompts", promptEnvelopeSchema, jsonInit("POST", body)).then((r) => r.prompt),
    onSuccess: invalidate,
  });
}

export function useDeletePrompt() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch(`/api/prompts/${encodeURIComponent(id)}`, z.unknown(), jsonInit("DELETE")),
    onSuccess: invalidate,
  });
}

export function useImportPrompts() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: PromptExport): Promise<ImportResult> =>
      apiFetch("/api/prompts/import", importResultSchema, jsonInit("POST", file)),
    onSuccess: invalidate,
  });
}
