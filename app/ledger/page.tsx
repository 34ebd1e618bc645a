import { LedgerView } from "@/components/judge/ledger-view";
import { RouteHydrated } from "@/components/layout/route-hydrated";

export const metadata = { title: "Spend" };

export default function Page() {
  return (
    <>
      <RouteHydrated />
      <h1 className="text-2xl font-bold">Spend ledger</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Credits spent through this dashboard, per finetune, endpoint and day. Amounts BFL reported are used as
        they are; the rest come from BFL's price list and are marked as estimates.
      </p>
      <LedgerView />
    </>
  );
}
