import { queryOptions } from "@tanstack/react-query";
import { ledgerResponseSchema } from "@/lib/judge/ledger";
import { apiFetch } from "./fetcher";

export const ledgerKeys = { all: ["ledger"] as const };

/** The spend ledger; refreshed when the page regains focus (react-query's default), not polled. */
export function ledgerOptions() {
  return queryOptions({
    queryKey: ledgerKeys.all,
    queryFn: () => apiFetch("/api/ledger", ledgerResponseSchema),
  });
}
