"use client";

import { useQuery } from "@tanstack/react-query";
import { creditsToUsd } from "@/lib/bfl/pricing";
import { creditsOptions } from "@/lib/queries/account";
import { useRouteHydrated } from "@/lib/queries/route-hydration";

const BOX = "whitespace-nowrap rounded-full border px-3 py-1 text-xs font-semibold";

/** The account's BFL credit balance, or why it cannot be shown (never a blank). */
export function CreditBalance() {
  // Not before the page has hydrated: see useRouteHydrated.
  const { data, error, isPending } = useQuery({ ...creditsOptions(), enabled: useRouteHydrated() });
  if (isPending) {
    return (
      <p
        className={`${BOX} border-zinc-200 text-zinc-500 dark:border-zinc-700 dark:text-zinc-400`}
        aria-busy="true"
      >
        Credits…
      </p>
    );
  }
  if (error) {
    return (
      <p
        data-testid="credit-balance"
        data-state="error"
        title={error.message}
        className={`${BOX} border-red-300 text-red-800 dark:border-red-800 dark:text-red-300`}
      >
        Credits unavailable
      </p>
    );
  }
  return (
    <p
      data-testid="credit-balance"
      data-state="ok"
      title={`${creditsToUsd(data)} at $0.01 per credit`}
      className={`${BOX} border-zinc-300 text-zinc-800 dark:border-zinc-600 dark:text-zinc-200`}
    >
      {new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(data)} credits
    </p>
  );
}
