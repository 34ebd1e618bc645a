import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { progressText } from "@/lib/finetunes/format";
import { PRIOR_PACE } from "@/lib/finetunes/pace";
import {
  BFL_CAP,
  computeProgress,
  defaultDurationMs,
  ESTIMATE_CAP,
  easeEstimate,
  learnDurationModel,
  ProgressMemory,
} from "@/lib/finetunes/progress";
import { finished, makeFinetune, T0 } from "./finetunes-fixtures";

const NO_HISTORY = { ratio: 1, historyCount: 0, pace: PRIOR_PACE };

describe("default expectation", () => {
  it("grows with iterations and is slower for higher-quality priorities", () => {
    const q300 = defaultDurationMs({ iterations: 300, priority: "quality" });
    expect(defaultDurationMs({ iterations: 600, priority: "quality" })).toBeGreaterThan(q300);
    expect(defaultDurationMs({ iterations: 300, priority: "speed" })).toBeLessThan(q300);
    expect(defaultDurationMs({ iterations: 300, priority: "high_res_only" })).toBeGreaterThan(q300);
    // Unknown parameters (a finetune made elsewhere) fall back on BFL's defaults.
    expect(defaultDurationMs({ iterations: null, priority: null })).toBe(q300);
  });
});

describe("estimate without BFL's number", () => {
  const f = makeFinetune();
  const expected = defaultDurationMs(f);

  it("is labelled an estimate, with an ETA and its basis", () => {
    const view = computeProgress(f, NO_HISTORY, T0 + expected / 2);
    expect(view.kind).toBe("estimate");
    expect(view.value).toBeCloseTo(0.5, 5);
    expect(view.etaMs).toBeCloseTo(expected / 2, 0);
    const text = progressText(view);
    expect(text.main).toBe("50% (estimate)");
    expect(text.detail).toContain("left");
    expect(text.detail).toContain("based on iterations and priority");
  });

  it("starts at 0 and never reaches 100% however long training runs", () => {
    expect(computeProgress(f, NO_HISTORY, T0).value).toBe(0);
    for (const factor of [0.99, 1, 2, 10, 1000]) {
      const v = computeProgress(f, NO_HISTORY, T0 + expected * factor).value!;
      expect(v).toBeLessThanOrEqual(ESTIMATE_CAP);
      expect(v).toBeGreaterThan(0.85);
    }
  });

  it("keeps moving when training overruns, and says so", () => {
    const a = computeProgress(f, NO_HISTORY, T0 + expected * 1.1).value!;
    const b = computeProgress(f, NO_HISTORY, T0 + expected * 1.5).value!;
    expect(b).toBeGreaterThan(a);
    const late = computeProgress(f, NO_HISTORY, T0 + expected * 2);
    expect(late.etaMs).toBe(0);
    expect(progressText(late).detail).toContain("taking longer than expected");
  });

  it("is monotonic in time", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          expect(easeEstimate(hi)).toBeGreaterThanOrEqual(easeEstimate(lo));
          expect(easeEstimate(hi)).toBeLessThanOrEqual(ESTIMATE_CAP);
        },
      ),
    );
  });

  it("counts from the Pending event, not from when it was queued", () => {
    const queuedThenPending = makeFinetune({
      created_at: new Date(T0 - 3_600_000).toISOString(),
      timeline: [
        { status: "Queued", at: new Date(T0 - 3_600_000).toISOString() },
        { status: "Pending", at: new Date(T0).toISOString() },
      ],
    });
    expect(computeProgress(queuedThenPending, NO_HISTORY, T0 + expected / 4).value).toBeCloseTo(0.25, 5);
  });

  it("shows Queued as waiting at 0, Ready as 100% and Error with no bar", () => {
    expect(computeProgress(makeFinetune({ status: "Queued" }), NO_HISTORY, T0 + expected)).toMatchObject({
      kind: "queued",
      value: 0,
    });
    expect(computeProgress(makeFinetune({ status: "Ready" }), NO_HISTORY, T0)).toMatchObject({
      kind: "ready",
      value: 1,
    });
    expect(computeProgress(makeFinetune({ status: "Error" }), NO_HISTORY, T0)).toMatchObject({
      kind: "failed",
      value: null,
    });
  });
});

describe("BFL's numeric progress", () => {
  it("is used when given, with an ETA from the pace so far", () => {
    const view = computeProgress(makeFinetune({ progress: 0.25 }), NO_HISTORY, T0 + 60_000);
    expect(view).toMatchObject({ kind: "bfl", value: 0.25 });
    expect(view.etaMs).toBeCloseTo(180_000, 0);
    expect(progressText(view).main).toBe("25%");
  });

  it("is capped below 100% until BFL says Ready", () => {
    expect(computeProgress(makeFinetune({ progress: 1 }), NO_HISTORY, T0).value).toBe(BFL_CAP);
    expect(computeProgress(makeFinetune({ progress: 1.7 }), NO_HISTORY, T0).value).toBe(BFL_CAP);
    expect(computeProgress(makeFinetune({ progress: -1 }), NO_HISTORY, T0).value).toBe(0);
  });
});

describe("history of this account", () => {
  it("learns the median ratio of actual to default durations from Pending → Ready times", () => {
    const base = defaultDurationMs(makeFinetune()) / 1000;
    const model = learnDurationModel([
      finished("a", base * 0.5),
      finished("b", base * 0.6),
      finished("c", base * 10), // an outlier does not move the median much
      makeFinetune({ id: "d" }), // unfinished: ignored
      finished("e", 5, { timeline: [] }), // no timeline: ignored
    ]);
    expect(model.historyCount).toBe(3);
    expect(model.ratio).toBeCloseTo(0.6, 5);
  });

  it("makes a fast account's estimate fast and says it used history", () => {
    const model = learnDurationModel([finished("a", 8), finished("b", 8)]);
    const view = computeProgress(makeFinetune(), model, T0 + 4_000);
    expect(view.value).toBeCloseTo(0.5, 2);
    expect(view.etaMs).toBeCloseTo(4_000, -2);
    expect(progressText(view).detail).toContain("based on 2 earlier finetunes");
  });

  it("scales history to this finetune's iterations and priority", () => {
    const model = learnDurationModel([finished("a", 10, { iterations: 100, priority: "speed" })]);
    const small = computeProgress(makeFinetune({ iterations: 100, priority: "speed" }), model, T0 + 5_000);
    const big = computeProgress(
      makeFinetune({ iterations: 1000, priority: "high_res_only" }),
      model,
      T0 + 5_000,
    );
    expect(small.value).toBeCloseTo(0.5, 2);
    expect(big.value!).toBeLessThan(small.value! / 5);
  });

  it("falls back on the default with no usable history", () => {
    expect(learnDurationModel([])).toEqual({ ratio: 1, historyCount: 0, pace: PRIOR_PACE });
  });
});

describe("never backwards", () => {
  it("keeps the highest value shown per id, even when the estimate drops (history changed)", () => {
    const memory = new ProgressMemory();
    const f = makeFinetune();
    const fast = learnDurationModel([finished("a", 60)]);
    const first = memory.apply(f.id, computeProgress(f, fast, T0 + 30_000));
    // Now an earlier finetune turns out slow: the raw estimate shrinks, the bar does not.
    const slow = { ratio: 5, historyCount: 1, pace: PRIOR_PACE };
    const second = memory.apply(f.id, computeProgress(f, slow, T0 + 31_000));
    expect(second.value).toBe(first.value);
    expect(second.kind).toBe("estimate");
    // Other ids are independent.
    expect(
      memory.apply("other", computeProgress(makeFinetune({ id: "other" }), slow, T0 + 1_000)).value,
    ).toBeLessThan(first.value!);
  });

  it("does not drop when BFL's number falls behind the estimate, and stays capped", () => {
    const memory = new ProgressMemory();
    const f = makeFinetune();
    memory.apply(f.id, computeProgress(f, NO_HISTORY, T0 + defaultDurationMs(f) * 3));
    const bfl = memory.apply(f.id, computeProgress(makeFinetune({ progress: 0.2 }), NO_HISTORY, T0));
    expect(bfl.value!).toBeGreaterThan(0.9);
    expect(bfl.value!).toBeLessThan(1);
  });

  it("over any sequence of refetches is non-decreasing and reaches 1 only at Ready", () => {
    const statusArb = fc.record({
      progress: fc.option(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { nil: null }),
      dt: fc.integer({ min: -5_000, max: 600_000 }),
      ratio: fc.double({ min: 0.001, max: 20, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(statusArb, { minLength: 1, maxLength: 30 }), (steps) => {
        const memory = new ProgressMemory();
        let now = T0;
        let last = 0;
        for (const s of steps) {
          now += s.dt;
          const view = memory.apply(
            "x",
            computeProgress(
              makeFinetune({ id: "x", progress: s.progress }),
              { ratio: s.ratio, historyCount: 1, pace: PRIOR_PACE },
              now,
            ),
          );
          expect(view.value!).toBeGreaterThanOrEqual(last);
          expect(view.value!).toBeLessThan(1);
          last = view.value!;
        }
        expect(
          memory.apply("x", computeProgress(makeFinetune({ id: "x", status: "Ready" }), NO_HISTORY, now))
            .value,
        ).toBe(1);
      }),
    );
  });
});
