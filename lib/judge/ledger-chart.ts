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
  /** Whether the day and the amount are written under and over this bar (not on every bar when crowded). */
  labelled: boolean;
}

/**
 * In viewBox units. `maxSlot` keeps a few days from becoming wall-wide blocks; `minLabelSlot` is the room a
 * "12-03" label needs at the chart's font size, so crowded charts label every n-th bar only.
 */
export const CHART = {
  width: 480,
  height: 200,
  gap: 6,
  labelRoom: 22,
  valueRoom: 18,
  maxSlot: 56,
  minLabelSlot: 44,
} as const;

export function dayBars(days: readonly LedgerBucket[], maxBars = 30): Bar[] {
  const shown = days.slice(-maxBars);
  if (shown.length === 0) return [];
  const max = Math.max(...shown.map((d) => d.credits), 1);
  const slot = Math.min(CHART.maxSlot, CHART.width / shown.length);
  const plot = CHART.height - CHART.labelRoom - CHART.valueRoom;
  const every = Math.ceil(CHART.minLabelSlot / slot);
  return shown.map((d, i) => {
    const height = d.credits > 0 ? Math.max(2, (d.credits / max) * plot) : 0;
    return {
      key: d.key,
      label: d.label.slice(5),
      credits: d.credits,
      x: i * slot + CHART.gap / 2,
      y: CHART.valueRoom + plot - height,
      width: Math.max(1, slot - CHART.gap),
      height,
      // Count from the last day, so the latest is always labelled.
      labelled: (shown.length - 1 - i) % every === 0,
    };
  });
}
