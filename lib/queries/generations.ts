import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  type Generation,
  generationEnvelopeSchema,
  generationListSchema,
  TERMINAL_GENERATION_STATUSES,
} from "@/lib/api/types";
import { apiFetch, jsonInit } from "./fetcher";

export interface GenerationFilter {
  finetune_id?: string | undefined;
  endpoint?: string | undefined;
  /** Words to find in the prompt or the finetune's name. */
  q?: string | undefined;
  favourites?: boolean | undefined;
}

/** Every generation query sits under `all`, so one invalidation refreshes lists, pages and details. */
export const generationKeys = {
  all: ["generations"] as const,
  list: (filter: { finetune_id?: string } = {}) => [...generationKeys.all, "list", filter] as const,
  /** The gallery's cursor pages. */
  pages: (filter: GenerationFilter) => [...generationKeys.all, "pages", filter] as const,
  /** The newest few (home page). */
  recent: (limit: number) => [...generationKeys.all, "recent", limit] as const,
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

export const GALLERY_PAGE_SIZE = 24;

/** The gallery: newest first, one cursor page at a time ("Load more"); polls while anything runs. */
export function generationPagesOptions(filter: GenerationFilter = {}) {
  return infiniteQueryOptions({
    queryKey: generationKeys.pages(filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: String(GALLERY_PAGE_SIZE) });
      if (filter.finetune_id) qs.set("finetune_id", filter.finetune_id);
      if (filter.endpoint) qs.set("endpoint", filter.endpoint);
      if (filter.q) qs.set("q", filter.q);
      if (filter.favourites) qs.set("favourites", "1");
      if (pageParam) qs.set("before", pageParam);
      return apiFetch(`/api/generations?${qs}`, generationListSchema);
    },
    getNextPageParam: (last) => last.next_cursor ?? null,
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.generations.some((g) => !isGenerationDone(g)))
        ? GENERATION_POLL_MS
        : false,
  });
}

/** `POST /api/generations` → the queued generation (202). Never retried: an image costs credits. */
export function createGeneration(body: Record<string, unknown>): Promise<Generation> {
  return apiFetch("/api/generations", generationEnvelopeSchema, jsonInit("POST", body)).then(
    (r) => r.generation,
  );
}

function setGenerationFavourite(id: string, favourite: boolean): Promise<unknown> {
  return apiFetch(
    `/api/generations/${encodeURIComponent(id)}/favourite`,
    z.unknown(),
    jsonInit("PUT", { favourite }),
  );
}

function deleteGeneration(id: string): Promise<unknown> {
  return apiFetch(`/api/generations/${encodeURIComponent(id)}`, z.unknown(), jsonInit("DELETE"));
}

/** The newest few generations (home page overview); polls while any of them runs. */
export function recentGenerationsOptions(limit = 6) {
  return queryOptions({
    queryKey: generationKeys.recent(limit),
    queryFn: () =>
      apiFetch(`/api/generations?limit=${limit}`, generationListSchema).then((r) => r.generations),
    refetchInterval: (query) =>
      query.state.data?.some((g) => !isGenerationDone(g)) ? GENERATION_POLL_MS : false,
  });
}

/**
 * Queue one image. The answer seeds its detail query (the result tile polls from there); lists are only
 * marked stale, not refetched at once (a sweep sends several in a row).
 */
export function useCreateGeneration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createGeneration,
    onSuccess: (g) => client.setQueryData(generationKeys.detail(g.id), g),
    onSettled: () => client.invalidateQueries({ queryKey: generationKeys.all, refetchType: "none" }),
  });
}

export function useSetGenerationFavourite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, favourite }: { id: string; favourite: boolean }) =>
      setGenerationFavourite(id, favourite),
    onSettled: () => client.invalidateQueries({ queryKey: generationKeys.all }),
  });
}

/**
 * Delete images one after another; resolves with the ones that could not be deleted and why (they stay
 * for a retry). The lists refresh once, after the last.
 */
export function useDeleteGenerations() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ids: readonly string[]): Promise<{ id: string; error: Error }[]> => {
      const failed: { id: string; error: Error }[] = [];
      for (const id of ids)
        await deleteGeneration(id).catch((e: unknown) =>
          failed.push({ id, error: e instanceof Error ? e : new Error(String(e)) }),
        );
      return failed;
    },
    onSettled: () => client.invalidateQueries({ queryKey: generationKeys.all }),
  });
}
