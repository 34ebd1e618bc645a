import { queryOptions } from "@tanstack/react-query";
import { type Health, healthSchema } from "@/lib/api/types";
import { apiFetch } from "./fetcher";

export const healthKeys = {
  all: ["health"] as const,
};

/** What the pages need from /api/health: live BFL's rules or not, and the endpoints learned retired. */
export interface ServiceState {
  live: boolean;
  /** Endpoint → BFL's reason, for endpoints the server saw answer 404 (beyond lib/bfl's dated table). */
  learned: ReadonlyMap<string, string>;
}

export function serviceState(h: Health): ServiceState {
  return {
    live: h.live ?? h.mode === "bfl",
    learned: new Map(
      (h.retired ?? []).flatMap((r) => (r.learned && r.endpoint ? [[r.endpoint, r.reason]] : [])),
    ),
  };
}

/** Read once a minute: the mode never changes while the server runs; learned retirements rarely do. */
export function serviceStateOptions() {
  return queryOptions({
    queryKey: healthKeys.all,
    queryFn: () => apiFetch("/api/health", healthSchema),
    select: serviceState,
    staleTime: 60_000,
  });
}
