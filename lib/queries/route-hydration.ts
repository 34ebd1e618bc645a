"use client";

import { useSyncExternalStore } from "react";

/**
 * Whether the page's own tree has hydrated. Queries mounted in the root layout (the finetune watcher, the
 * credit balance) start fetching only after that: a route's loading boundary hydrates in a later pass
 * than the layout, and TanStack's `useQuery` reads the live cache while hydrating, so a list the layout
 * fetched in between would render over the server's loading state (React error #418). Client-side
 * navigations render fresh, so once true this stays true.
 */
let hydrated = false;
const listeners = new Set<() => void>();

export function markRouteHydrated(): void {
  if (hydrated) return;
  hydrated = true;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** False on the server, while hydrating, and until the page marks itself hydrated (`RouteHydrated`). */
export function useRouteHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => hydrated,
    () => false,
  );
}
