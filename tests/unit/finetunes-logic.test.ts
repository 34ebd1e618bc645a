import { describe, expect, it } from "vitest";
import { playgroundBlockReason } from "@/lib/finetunes/actions";
import { EMPTY_FILTER, filterFinetunes, isFilterActive } from "@/lib/finetunes/filter";
import { formatDuration } from "@/lib/finetunes/format";
import { STATUS_PRESENTATION } from "@/lib/finetunes/status";
import { timelineSteps } from "@/lib/finetunes/timeline";
import { findFinished, finishedMessage, statusMap } from "@/lib/finetunes/transitions";
import { makeFinetune } from "./finetunes-fixtures";

const list = [
  makeFinetune({
    id: "a",
    finetune_comment: "Red mug",
    trigger_word: "MUGX",
    mode: "product",
    status: "Ready",
    created_at: "2026-01-01T10:00:00Z",
  }),
  makeFinetune({
    id: "b",
    finetune_comment: "Grandma portrait",
    trigger_word: "GMA",
    mode: "character",
    status: "Pending",
    created_at: "2026-01-03T10:00:00Z",
  }),
  makeFinetune({
    id: "c",
    finetune_comment: "Watercolour style",
    trigger_word: "WTRC",
    mode: "style",
    status: "Error",
    created_at: "2026-01-02T10:00:00Z",
  }),
];

describe("filter and sort", () => {
  it("lists newest first", () => {
    expect(filterFinetunes(list, EMPTY_FILTER).map((f) => f.id)).toEqual(["b", "c", "a"]);
  });

  it("searches comment and trigger word, case-insensitively, all words", () => {
    expect(filterFinetunes(list, { ...EMPTY_FILTER, query: "mug" }).map((f) => f.id)).toEqual(["a"]);
    expect(filterFinetunes(list, { ...EMPTY_FILTER, query: "gma" }).map((f) => f.id)).toEqual(["b"]);
    expect(
      filterFinetunes(list, { ...EMPTY_FILTER, query: "  grandma   PORTRAIT " }).map((f) => f.id),
    ).toEqual(["b"]);
    expect(filterFinetunes(list, { ...EMPTY_FILTER, query: "grandma mug" })).toEqual([]);
  });

  it("filters by status and mode, combined with search", () => {
    expect(filterFinetunes(list, { ...EMPTY_FILTER, status: "Error" }).map((f) => f.id)).toEqual(["c"]);
    expect(filterFinetunes(list, { ...EMPTY_FILTER, mode: "character" }).map((f) => f.id)).toEqual(["b"]);
    expect(filterFinetunes(list, { query: "mug", status: "Pending", mode: "all" })).toEqual([]);
    expect(isFilterActive(EMPTY_FILTER)).toBe(false);
    expect(isFilterActive({ ...EMPTY_FILTER, query: " x" })).toBe(true);
  });
});

describe("status presentation", () => {
  it("gives every status a word and an icon, not only a colour", () => {
    for (const p of Object.values(STATUS_PRESENTATION)) {
      expect(p.label.length).toBeGreaterThan(0);
      expect(p.icon).toBeTruthy();
    }
    expect(new Set(Object.values(STATUS_PRESENTATION).map((p) => p.icon)).size).toBe(4);
  });
});

describe("timeline", () => {
  it("shows Queued only when the finetune waited, and marks the current step", () => {
    const pending = timelineSteps(makeFinetune());
    expect(pending.map((s) => [s.status, s.state])).toEqual([
      ["Pending", "current"],
      ["Ready", "upcoming"],
    ]);
    const queued = timelineSteps(
      makeFinetune({ status: "Queued", timeline: [{ status: "Queued", at: "2026-01-01T09:00:00Z" }] }),
    );
    expect(queued.map((s) => [s.status, s.state, s.at])).toEqual([
      ["Queued", "current", "2026-01-01T09:00:00Z"],
      ["Pending", "upcoming", null],
      ["Ready", "upcoming", null],
    ]);
  });

  it("ends in Error with its time when training failed", () => {
    const steps = timelineSteps(
      makeFinetune({
        status: "Error",
        timeline: [
          { status: "Queued", at: "2026-01-01T09:00:00Z" },
          { status: "Pending", at: "2026-01-01T09:05:00Z" },
          { status: "Error", at: "2026-01-01T09:30:00Z" },
        ],
      }),
    );
    expect(steps.map((s) => [s.status, s.state, s.at])).toEqual([
      ["Queued", "done", "2026-01-01T09:00:00Z"],
      ["Pending", "done", "2026-01-01T09:05:00Z"],
      ["Error", "done", "2026-01-01T09:30:00Z"],
    ]);
  });

  it("uses the creation time for a finetune made elsewhere with no history", () => {
    const steps = timelineSteps(makeFinetune({ status: "Ready", source: "bfl", timeline: [] }));
    expect(steps[0]).toMatchObject({ status: "Pending", at: "2026-01-01T10:00:00.000Z" });
    expect(steps[1]).toMatchObject({ status: "Ready", at: null, state: "done" });
  });
});

describe("finished transitions (toast and notification)", () => {
  it("reports only finetunes seen unfinished before and terminal now", () => {
    const before = statusMap([
      makeFinetune({ id: "a", status: "Pending" }),
      makeFinetune({ id: "b", status: "Queued" }),
      makeFinetune({ id: "c", status: "Ready" }),
      makeFinetune({ id: "d", status: "Pending" }),
    ]);
    const now = [
      makeFinetune({ id: "a", status: "Ready" }),
      makeFinetune({ id: "b", status: "Error", error: "The dataset has no usable image." }),
      makeFinetune({ id: "c", status: "Ready" }),
      makeFinetune({ id: "d", status: "Pending" }),
      makeFinetune({ id: "e", status: "Ready" }), // first seen already finished: not news
    ];
    const found = findFinished(before, now);
    expect(found.map((t) => [t.finetune.id, t.outcome])).toEqual([
      ["a", "Ready"],
      ["b", "Error"],
    ]);
    expect(finishedMessage(found[0]!).title).toBe('Finetune "Red mug" is ready');
    expect(finishedMessage(found[1]!)).toEqual({
      title: 'Finetune "Red mug" failed',
      body: "The dataset has no usable image.",
    });
  });
});

describe("playground guard", () => {
  it("allows only Ready finetunes of this region, and says why otherwise", () => {
    expect(playgroundBlockReason(makeFinetune({ status: "Ready" }))).toBeNull();
    expect(playgroundBlockReason(makeFinetune({ status: "Pending" }))).toMatch(/training/i);
    expect(playgroundBlockReason(makeFinetune({ status: "Error" }))).toMatch(/failed/);
    expect(
      playgroundBlockReason(makeFinetune({ status: "Ready", region: "eu1", region_mismatch: true })),
    ).toMatch(/eu1/);
  });
});

describe("durations", () => {
  it("reads like a person would say it", () => {
    expect(formatDuration(4_400)).toBe("4 s");
    expect(formatDuration(12 * 60_000)).toBe("12 min");
    expect(formatDuration(65 * 60_000)).toBe("1 h 5 min");
    expect(formatDuration(-5)).toBe("0 s");
  });
});
