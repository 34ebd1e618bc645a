import type { LedgerBucket } from "./ledger";

/** Bar geometry of the per-day chart (pure, so it is unit-tested): one bar per day, scaled to the max. */
export interface Bar {
  key: string;
  label: string;
  credits: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const CHART = { width: 640, height: 180, gap: 4, labelRoom: 20 } as const;

export function dayBars(days: readonly LedgerBucket[], maxBars = 30): Bar[] {
  const shown = days.slice(-maxBars);
  if (shown.length === 0) return [];
  const max = Math.max(...shown.map((d) => d.credits), 1);
  const slot = CHART.width / shown.length;
  const plot = CHART.height - CHART.labelRoom;
  return shown.map((d, i) => {
    const height = d.credits > 0 ? Math.max(2, (d.credits / max) * plot) : 0;
    return {
      key: d.key,
      label: d.label.slice(5),
      credits: d.credits,
      x: i * slot + CHART.gap / 2,
      y: plot - height,
      width: Math.max(1, slot - CHART.gap),
      height,
    };
  });
}
