"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertText } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { creditsToUsd } from "@/lib/bfl/pricing";
import { formatCredits } from "@/lib/judge/ledger";
import { ledgerOptions } from "@/lib/queries/ledger";
import { LedgerChart } from "./ledger-chart";
import { LedgerTable } from "./ledger-table";

/** The spend ledger page: balance, totals, a per-day chart and breakdowns. */
export function LedgerView() {
  const ledger = useQuery(ledgerOptions());
  if (ledger.isPending) return <Skeleton className="h-40 w-full" />;
  if (ledger.isError)
    return (
      <AlertText message={`The ledger could not be loaded: ${ledger.error.message}`} testId="ledger-error" />
    );
  const l = ledger.data;
  return (
    <div className="space-y-6">
      <dl className="grid gap-3 sm:grid-cols-3">
        <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-700">
          <dt className="text-sm text-zinc-600 dark:text-zinc-400">Balance at BFL</dt>
          <dd className="text-2xl font-bold tabular-nums" data-testid="ledger-balance">
            {l.balance === null ? "unknown" : `${formatCredits(l.balance)} credits`}
          </dd>
          {l.balance !== null && <dd className="text-xs">{creditsToUsd(l.balance)}</dd>}
          {l.balance_error && (
            <dd className="text-xs text-amber-800 dark:text-amber-300">{l.balance_error.message}</dd>
          )}
        </div>
        <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-700">
          <dt className="text-sm text-zinc-600 dark:text-zinc-400">Spent through this dashboard</dt>
          <dd className="text-2xl font-bold tabular-nums" data-testid="ledger-total">
            {formatCredits(l.total.credits)} credits
          </dd>
          <dd className="text-xs">
            {creditsToUsd(l.total.credits)} over {l.total.count} charge{l.total.count === 1 ? "" : "s"}
          </dd>
        </div>
        <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-700">
          <dt className="text-sm text-zinc-600 dark:text-zinc-400">Of which estimated</dt>
          <dd className="text-2xl font-bold tabular-nums" data-testid="ledger-estimated">
            {formatCredits(l.total.estimated_credits)} credits
          </dd>
          <dd className="text-xs">Where BFL reported no cost, the price table's figure is used.</dd>
        </div>
      </dl>
      {l.total.count === 0 ? (
        <p className="text-sm" data-testid="ledger-empty">
          Nothing spent yet: training and images made here will show up with what they cost.
        </p>
      ) : (
        <>
          <section aria-labelledby="ledger-days-h">
            <h2 id="ledger-days-h" className="text-lg font-semibold">
              Per day
            </h2>
            <LedgerChart days={l.by_day} />
          </section>
          <LedgerTable
            caption="Per finetune"
            column="Finetune"
            rows={l.by_finetune}
            testId="ledger-by-finetune"
          />
          <LedgerTable
            caption="Per endpoint"
            column="Endpoint"
            rows={l.by_endpoint}
            testId="ledger-by-endpoint"
          />
          <LedgerTable caption="Per day (UTC)" column="Day" rows={l.by_day} testId="ledger-by-day" />
        </>
      )}
    </div>
  );
}
