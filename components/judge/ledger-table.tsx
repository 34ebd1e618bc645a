import { creditsToUsd } from "@/lib/bfl/pricing";
import { formatCredits, type LedgerBucket } from "@/lib/judge/ledger";

/** One breakdown of the ledger (per finetune, day or endpoint) with BFL-reported and estimated parts. */
export function LedgerTable({
  caption,
  column,
  rows,
  testId,
}: {
  caption: string;
  column: string;
  rows: LedgerBucket[];
  testId: string;
}) {
  return (
    // Five columns do not fit a phone's width: the table scrolls inside its box, not the page.
    <div className="overflow-x-auto">
      <table className="w-full min-w-[28rem] text-left text-sm" data-testid={testId}>
        <caption className="pb-1 text-left text-base font-semibold">{caption}</caption>
        <thead>
          <tr className="border-b border-zinc-300 dark:border-zinc-600">
            <th scope="col" className="py-1 pr-2">
              {column}
            </th>
            <th scope="col" className="py-1 pr-2 text-right">
              Credits
            </th>
            <th scope="col" className="py-1 pr-2 text-right">
              Reported by BFL
            </th>
            <th scope="col" className="py-1 pr-2 text-right">
              Estimated (price table)
            </th>
            <th scope="col" className="py-1 text-right">
              Charges
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              className="border-b border-zinc-200 dark:border-zinc-800"
              data-testid="ledger-row"
            >
              <th scope="row" className="py-1 pr-2 font-normal">
                {r.label}
              </th>
              <td className="py-1 pr-2 text-right tabular-nums" data-testid="ledger-credits">
                {formatCredits(r.credits)}{" "}
                <span className="text-xs text-zinc-600 dark:text-zinc-400">({creditsToUsd(r.credits)})</span>
              </td>
              <td className="py-1 pr-2 text-right tabular-nums">{formatCredits(r.bfl_credits)}</td>
              <td className="py-1 pr-2 text-right tabular-nums">
                {r.estimated_credits > 0 ? `≈ ${formatCredits(r.estimated_credits)}` : "0"}
              </td>
              <td className="py-1 text-right tabular-nums">{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
