import {
  infiniteQueryOptions,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { FINETUNE_PAGE_MAX } from "@/lib/api/finetune-cursor";
import {
  type AddLoraRequest,
  datasetImageListSchema,
  type Finetune,
  type FinetuneListResponse,
  finetuneEnvelopeSchema,
  finetuneListSchema,
  type LoraFinetune,
  loraEnvelopeSchema,
} from "@/lib/api/types";
import type { FinetuneParamsInput } from "@/lib/bfl";
import { uploadFinetune } from "@/lib/dataset/upload";
import { apiFetch, jsonInit } from "./fetcher";
import { generationKeys } from "./generations";

export const finetuneKeys = {
  all: ["finetunes"] as const,
  list: () => [...finetuneKeys.all, "list"] as const,
  /** Under `list()`, so invalidating the list refreshes the pages too. */
  pages: () => [...finetuneKeys.list(), "pages"] as const,
  detail: (id: string) => [...finetuneKeys.all, "detail", id] as const,
  images: (id: string) => [...finetuneKeys.detail(id), "images"] as const,
};

const UNFINISHED: ReadonlySet<Finetune["status"]> = new Set(["Queued", "Pending"]);

export function isFinetuneUnfinished(f: Pick<Finetune, "status">): boolean {
  return UNFINISHED.has(f.status);
}

/** Poll every few seconds while any finetune trains; stop once all are terminal. */
export const FINETUNE_POLL_MS = 3_000;

/** While BFL could not be asked, look again now and then (failures are not cached by the server). */
export const FINETUNE_UPSTREAM_RETRY_MS = 15_000;

/**
 * The list answer, including `upstream_error` (BFL unreachable: only local records listed), for the
 * pickers, the gallery filter and the home counts, which want every finetune at once: one page of the
 * largest size (500); the /finetunes page itself loads pages of 50 (`finetunePagesOptions`).
 */
export function finetuneListResponseOptions() {
  return queryOptions({
    queryKey: finetuneKeys.list(),
    queryFn: (): Promise<FinetuneListResponse> =>
      apiFetch(`/api/finetunes?limit=${FINETUNE_PAGE_MAX}`, finetuneListSchema),
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data?.finetunes.some(isFinetuneUnfinished)) return FINETUNE_POLL_MS;
      return data?.upstream_error ? FINETUNE_UPSTREAM_RETRY_MS : false;
    },
  });
}

/** Finetunes per page on /finetunes. */
export const FINETUNE_PAGE_SIZE = 50;

/**
 * The /finetunes page: newest first, one cursor page at a time ("Load more"); the first page carries
 * the LoRAs and `upstream_error`. Polls (every loaded page) while any loaded finetune trains.
 */
export function finetunePagesOptions() {
  return infiniteQueryOptions({
    queryKey: finetuneKeys.pages(),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }): Promise<FinetuneListResponse> => {
      const qs = new URLSearchParams({ limit: String(FINETUNE_PAGE_SIZE) });
      if (pageParam) qs.set("cursor", pageParam);
      return apiFetch(`/api/finetunes?${qs}`, finetuneListSchema);
    },
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: (query) => {
      const pages = query.state.data?.pages ?? [];
      if (pages.some((p) => p.finetunes.some(isFinetuneUnfinished))) return FINETUNE_POLL_MS;
      return pages[0]?.upstream_error ? FINETUNE_UPSTREAM_RETRY_MS : false;
    },
  });
}

const selectFinetunes = (r: FinetuneListResponse): Finetune[] => r.finetunes;

/** Every finetune of the account (the cached value is the whole answer; this selects the list). */
export function finetuneListOptions() {
  return queryOptions({ ...finetuneListResponseOptions(), select: selectFinetunes });
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

/** One klein LoRA (added here or listed by BFL); a LoRA is Ready when added, so nothing to poll. */
export function loraDetailOptions(id: string) {
  return queryOptions({
    queryKey: [...finetuneKeys.detail(id), "lora"] as const,
    queryFn: () => apiFetch(`/api/loras/${encodeURIComponent(id)}`, loraEnvelopeSchema).then((r) => r.lora),
  });
}

/** Training images (with captions) of a stored dataset; finetunes created elsewhere have none. */
export function finetuneImagesOptions(id: string) {
  return queryOptions({
    queryKey: finetuneKeys.images(id),
    queryFn: () =>
      apiFetch(`/api/finetunes/${encodeURIComponent(id)}/images`, datasetImageListSchema).then(
        (r) => r.images,
      ),
    // A stored dataset never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function finetuneDatasetUrl(id: string): string {
  return `/api/finetunes/${encodeURIComponent(id)}/dataset`;
}

/** What a retrain starts from: the finetune (for its settings) and the very ZIP it was trained on. */
export async function fetchRetrainSource(id: string): Promise<{ finetune: Finetune; zip: Blob }> {
  const { finetune } = await apiFetch(`/api/finetunes/${encodeURIComponent(id)}`, finetuneEnvelopeSchema);
  const res = await fetch(finetuneDatasetUrl(id));
  if (!res.ok) throw new Error(`its dataset is not available (the dashboard answered ${res.status}).`);
  return { finetune, zip: await res.blob() };
}

/**
 * Start a training: the ZIP and the parameters in one upload (`POST /api/finetunes`), with the upload's
 * progress (0..1) in `progress`. The new finetune seeds its detail query and the list is fetched again.
 * Never retried (the client's default): a training costs credits.
 */
export function useUploadFinetune() {
  const client = useQueryClient();
  const [progress, setProgress] = useState(0);
  const mutation = useMutation({
    mutationFn: ({ zip, params }: { zip: Blob; params: FinetuneParamsInput }) => {
      setProgress(0);
      return uploadFinetune(zip, params, setProgress);
    },
    onSuccess: (finetune) => client.setQueryData(finetuneKeys.detail(finetune.id), finetune),
    onSettled: () => client.invalidateQueries({ queryKey: finetuneKeys.list() }),
  });
  return { ...mutation, progress };
}

/**
 * Delete at BFL. The finetune leaves the cached list at once (optimistic) and comes back if the server
 * refuses; its generations stay in the gallery, so their lists are refreshed to show the deleted mark.
 */
export function useDeleteFinetune() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch(`/api/finetunes/${encodeURIComponent(id)}`, z.unknown(), jsonInit("DELETE")),
    onMutate: async (id) => {
      await client.cancelQueries({ queryKey: finetuneKeys.list() });
      const key = finetuneListResponseOptions().queryKey;
      const previous = client.getQueryData(key);
      if (previous) {
        client.setQueryData(key, { ...previous, finetunes: previous.finetunes.filter((f) => f.id !== id) });
      }
      const pagesKey = finetunePagesOptions().queryKey;
      const previousPages = client.getQueryData(pagesKey);
      if (previousPages) {
        client.setQueryData(pagesKey, {
          ...previousPages,
          pages: previousPages.pages.map((p) => ({
            ...p,
            finetunes: p.finetunes.filter((f) => f.id !== id),
          })),
        });
      }
      return { previous, previousPages };
    },
    onError: (_error, _id, context) => {
      if (context?.previous) client.setQueryData(finetuneListResponseOptions().queryKey, context.previous);
      if (context?.previousPages) client.setQueryData(finetunePagesOptions().queryKey, context.previousPages);
    },
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: finetuneKeys.detail(id) });
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: finetuneKeys.list() });
      void client.invalidateQueries({ queryKey: generationKeys.all });
    },
  });
}

/** Change the LoRAs the /finetunes page shows (they ride on its first page); returns the old pages. */
function updatePageLoras(client: QueryClient, change: (loras: LoraFinetune[]) => LoraFinetune[]) {
  const key = finetunePagesOptions().queryKey;
  const previous = client.getQueryData(key);
  if (previous) {
    client.setQueryData(key, {
      ...previous,
      pages: previous.pages.map((p, i) => (i === 0 ? { ...p, loras: change(p.loras) } : p)),
    });
  }
  return previous;
}

/**
 * Add a LoRA uploaded at BFL (`POST /api/loras`). It joins the cached list as soon as the server answers
 * (no optimistic row: the server decides its endpoints), then the list is fetched again.
 */
export function useAddLora() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AddLoraRequest): Promise<LoraFinetune> =>
      apiFetch("/api/loras", loraEnvelopeSchema, jsonInit("POST", body)).then((r) => r.lora),
    // A refused name answers the same again: the person changes the form instead.
    retry: false,
    onSuccess: (lora) => {
      const key = finetuneListResponseOptions().queryKey;
      const previous = client.getQueryData(key);
      if (previous)
        client.setQueryData(key, {
          ...previous,
          loras: [lora, ...previous.loras.filter((l) => l.id !== lora.id)],
        });
      updatePageLoras(client, (loras) => [lora, ...loras.filter((l) => l.id !== lora.id)]);
    },
    onSettled: () => void client.invalidateQueries({ queryKey: finetuneKeys.list() }),
  });
}

/**
 * Forget a LoRA added here (it stays at BFL). It leaves the cached list at once and comes back if the
 * server refuses.
 */
export function useRemoveLora() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch(`/api/loras/${encodeURIComponent(id)}`, z.unknown(), jsonInit("DELETE")),
    retry: false,
    onMutate: async (id) => {
      await client.cancelQueries({ queryKey: finetuneKeys.list() });
      const key = finetuneListResponseOptions().queryKey;
      const previous = client.getQueryData(key);
      if (previous)
        client.setQueryData(key, { ...previous, loras: previous.loras.filter((l) => l.id !== id) });
      const previousPages = updatePageLoras(client, (loras) => loras.filter((l) => l.id !== id));
      return { previous, previousPages };
    },
    onError: (_error, _id, context) => {
      if (context?.previous) client.setQueryData(finetuneListResponseOptions().queryKey, context.previous);
      if (context?.previousPages) client.setQueryData(finetunePagesOptions().queryKey, context.previousPages);
    },
    onSettled: () => void client.invalidateQueries({ queryKey: finetuneKeys.list() }),
  });
}
