"use client";

import {
  type DefaultError,
  QueryClient,
  type QueryKey,
  QueryObserver,
  type UseQueryOptions,
  type UseQueryResult,
  useQuery as useTanstackQuery,
} from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

const noSubscribe = () => () => {};

/** False on the server and while React hydrates server HTML; true in every later client render. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}

// Never fetched into: what a query looks like to the server, which renders with an empty cache.
const serverLike = new QueryClient();

/**
 * `useQuery` that hydrates without a mismatch. TanStack's own hook reads the live cache while hydrating
 * (it has no separate server snapshot), so a page section that hydrates late (a route's loading boundary
 * waiting for its script) can find data that a query in the layout (the finetune watcher, the credit
 * balance) fetched meanwhile, and render it over the server's loading state: React error #418. While
 * hydrating this returns what the server rendered, the empty-cache result; the next render shows the data.
 */
export function useQuery<
  TQueryFnData = unknown,
  TError = DefaultError,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
>(options: UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>): UseQueryResult<TData, TError> {
  const live = useTanstackQuery(options);
  const hydrated = useHydrated();
  if (hydrated) return live;
  // "optimistic" as TanStack's hook sets it: a query about to fetch reads as fetching, as on the server.
  const defaulted = { ...serverLike.defaultQueryOptions(options), _optimisticResults: "optimistic" as const };
  return new QueryObserver(serverLike, defaulted).getOptimisticResult(defaulted);
}
