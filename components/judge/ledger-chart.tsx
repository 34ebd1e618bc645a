import type { LedgerBucket } from "@/lib/judge/ledger";
import { CHART, dayBars } from "@/lib/judge/ledger-chart";

/** Credits per day as plain SVG bars; the table beside it carries the same numbers for screen readers. */
export function LedgerChart({ days }: { days: LedgerBucket[] }) {
  const bars = dayBars(days);
  if (bars.length === 0) return null;
  return (
    <svg
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      role="img"
      aria-label={`Credits spent per day, last ${bars.length} day${bars.length === 1 ? "" : "s"} with spending`}
      className="h-auto w-full max-w-3xl text-brand-600"
      data-testid="ledger-chart"
    >
      {bars.map((b) => (
        <g key={b.key}>
          <rect
            x={b.x}
            y={b.y}
            width={b.width}
            height={b.height}
            className="fill-current"
            data-credits={b.credits}
          >
            <title>{`${b.key}: ${b.credits} credits`}</title>
          </rect>
          <text
            x={b.x + b.width / 2}
            y={CHART.height - 6}
            textAnchor="middle"
            className="fill-zinc-700 text-[10px] dark:fill-zinc-300"
          >
            {b.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
