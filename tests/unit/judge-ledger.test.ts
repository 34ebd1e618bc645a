import { describe, expect, it } from "vitest";
import { type LedgerEntry, summariseLedger } from "@/lib/judge/ledger";
import { CHART, dayBars } from "@/lib/judge/ledger-chart";

const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  kind: "image",
  id: "g",
  finetune_id: "A",
  finetune_comment: "Mug",
  endpoint: "flux-pro-finetuned",
  credits: 6,
  source: "bfl",
  at: "2026-12-01T10:00:00.000Z",
  ...over,
});

describe("summariseLedger", () => {
  const entries = [
    entry({}),
    entry({ credits: 1.4, endpoint: "flux-2-klein-4b", at: "2026-12-02T23:59:59.000Z" }),
    entry({ credits: 0.1, source: "price_table", finetune_id: "B", finetune_comment: null }),
    entry({ credits: 0.2, source: "price_table", finetune_id: "B", finetune_comment: null }),
    entry({ kind: "training", endpoint: "training", credits: 400, source: "price_table" }),
  ];
  const s = summariseLedger(entries);

  it("adds in hundredths so cents never drift", () => {
    expect(s.total).toMatchObject({ credits: 407.7, bfl_credits: 7.4, estimated_credits: 400.3, count: 5 });
    expect(s.by_finetune.find((b) => b.key === "B")).toMatchObject({ credits: 0.3, label: "B" });
  });
  it("groups by finetune (largest first), UTC day (oldest first) and endpoint", () => {
    expect(s.by_finetune.map((b) => b.key)).toEqual(["A", "B"]);
    expect(s.by_day.map((b) => [b.key, b.credits])).toEqual([
      ["2026-12-01", 406.3],
      ["2026-12-02", 1.4],
    ]);
    expect(s.by_endpoint[0]).toMatchObject({ key: "training", credits: 400, estimated_credits: 400 });
  });
  it("is all zeros with no entries", () => {
    expect(summariseLedger([]).total).toMatchObject({ credits: 0, count: 0 });
  });
});

describe("dayBars", () => {
  it("scales the largest day to the plot height and keeps the last 30 days", () => {
    const days = Array.from({ length: 35 }, (_, i) => ({
      key: `2026-11-${String(i).padStart(2, "0")}`,
      label: `2026-11-${String(i).padStart(2, "0")}`,
      credits: i === 34 ? 100 : 10,
      bfl_credits: 0,
      estimated_credits: 0,
      count: 1,
    }));
    const bars = dayBars(days);
    expect(bars).toHaveLength(30);
    const plot = CHART.height - CHART.labelRoom - CHART.valueRoom;
    expect(bars.at(-1)).toMatchObject({ height: plot, y: CHART.valueRoom, label: "11-34", labelled: true });
    expect(bars[0]?.height).toBeCloseTo(plot / 10);
    // 30 bars are too narrow for a label each: every n-th one, counted from the latest day.
    const labelled = bars.filter((b) => b.labelled).length;
    expect(labelled).toBeGreaterThan(1);
    expect(labelled).toBeLessThanOrEqual(Math.ceil(CHART.width / CHART.minLabelSlot));
    expect(dayBars([])).toEqual([]);
  });

  it("keeps a single day a bar, not a block across the chart", () => {
    const [bar] = dayBars([
      {
        key: "2026-12-03",
        label: "2026-12-03",
        credits: 442,
        bfl_credits: 0,
        estimated_credits: 442,
        count: 8,
      },
    ]);
    expect(bar?.width).toBe(CHART.maxSlot - CHART.gap);
    expect(bar?.labelled).toBe(true);
  });
});
