import { describe, expect, it } from "vitest";
import { progressText } from "@/lib/finetunes/format";
import { PRIOR_PACE, paceDurationMs, trainingPaceSchema } from "@/lib/finetunes/pace";
import { computeProgress, learnDurationModel } from "@/lib/finetunes/progress";
import { timelineSteps, trainingSummary } from "@/lib/finetunes/timeline";
import { applyPersisted, parsePersisted, toPersisted } from "@/lib/playground/persist";
import { defaultSettings, formProblems } from "@/lib/playground/settings";
import { trainingDurationMs } from "@/lib/simulator/config";
import { simulatorPace } from "@/lib/simulator/pace";
import { makeFinetune, T0 } from "./finetunes-fixtures";

describe("training pace", () => {
  it("the simulator's stated pace predicts its own training time for every priority", () => {
    const cfg = { trainingSeconds: 40 };
    const pace = trainingPaceSchema.parse(simulatorPace(cfg));
    expect(pace.source).toBe("simulator");
    for (const priority of ["speed", "quality", "high_res_only"] as const) {
      for (const iterations of [100, 300, 1000]) {
        expect(paceDurationMs(pace, iterations, priority)).toBeCloseTo(
          trainingDurationMs(cfg, iterations, priority),
          -1,
        );
      }
    }
  });

  it("with no history the first estimate uses the pace, and says where it came from", () => {
    const pace = { ...PRIOR_PACE, source: "simulator" as const, overhead_seconds: 0 };
    const f = makeFinetune();
    const view = computeProgress(f, learnDurationModel([], pace), T0 + 1_000);
    expect(view.expectedMs).toBe(paceDurationMs(pace, 300, "quality"));
    expect(progressText(view).detail).toContain("simulator's stated pace");
    const prior = computeProgress(f, learnDurationModel([]), T0 + 1_000);
    expect(progressText(prior).detail).toContain("assumed");
  });
});

describe("timeline", () => {
  it("says Training, and sums up duration and credits once finished", () => {
    const ready = makeFinetune({
      status: "Ready",
      iterations: 600,
      timeline: [
        { status: "Pending", at: "2026-01-01T10:00:00.000Z" },
        { status: "Ready", at: "2026-01-01T10:00:42.000Z" },
      ],
    });
    expect(timelineSteps(ready).map((s) => s.label)).toEqual(["Training", "Ready"]);
    expect(trainingSummary(ready)).toEqual({ durationMs: 42_000, credits: 600 });
    expect(trainingSummary(makeFinetune())).toEqual({ durationMs: null, credits: 400 });
    expect(trainingSummary(makeFinetune({ iterations: null })).credits).toBeNull();
  });
});

describe("playground", () => {
  it("keeps prompt, endpoint and strength; ignores a bad saved entry", () => {
    const s = { ...defaultSettings("flux-pro-finetuned"), prompt: "TOK on a bench", finetune_strength: 1.4 };
    const saved = parsePersisted(JSON.stringify(toPersisted(s)));
    expect(saved).not.toBeNull();
    const back = applyPersisted(defaultSettings(), saved!);
    expect([back.endpoint, back.prompt, back.finetune_strength]).toEqual([
      "flux-pro-finetuned",
      "TOK on a bench",
      1.4,
    ]);
    expect(parsePersisted("{not json")).toBeNull();
    expect(parsePersisted(JSON.stringify({ ...toPersisted(s), finetune_strength: 9 }))).toBeNull();
  });

  it("refuses an empty prompt with a clear message (fill may repaint from the surroundings)", () => {
    const base = { ...defaultSettings("flux-pro-finetuned"), finetune_id: "ft" };
    expect(formProblems({ ...base, prompt: "  " }, {})).toEqual([
      "Write a prompt first: without one the image is random, and BFL still charges for it.",
    ]);
    expect(formProblems({ ...base, prompt: "TOK" }, {})).toEqual([]);
  });
});

describe("history against a stated pace", () => {
  it("is ignored: the simulator's pace is exact, forced completions must not skew it", async () => {
    const { finished } = await import("./finetunes-fixtures");
    const pace = { ...PRIOR_PACE, source: "simulator" as const };
    expect(learnDurationModel([finished("a", 1), finished("b", 2)], pace)).toEqual({
      ratio: 1,
      historyCount: 0,
      pace,
    });
  });
});
