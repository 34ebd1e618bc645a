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
      className="h-auto w-full max-w-xl text-brand-600"
      data-testid="ledger-chart"
    >
      <line
        x1={0}
        x2={CHART.width}
        y1={CHART.height - CHART.labelRoom}
        y2={CHART.height - CHART.labelRoom}
        className="stroke-zinc-300 dark:stroke-zinc-600"
      />
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
          {b.labelled && (
            <>
              <text
                x={b.x + b.width / 2}
                y={b.y - 5}
                textAnchor="middle"
                className="fill-zinc-800 text-[12px] tabular-nums dark:fill-zinc-200"
              >
                {b.credits.toLocaleString("en-US")}
              </text>
              <text
                x={b.x + b.width / 2}
                y={CHART.height - 6}
                textAnchor="middle"
                className="fill-zinc-700 text-[12px] dark:fill-zinc-300"
              >
                {b.label}
              </text>
            </>
          )}
        </g>
      ))}
    </svg>
  );
}
