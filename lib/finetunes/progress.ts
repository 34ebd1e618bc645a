import type { Finetune } from "@/lib/api/types";
import { PRIOR_PACE, paceDurationMs, type TrainingPace } from "./pace";

/**
 * Training progress for a finetune. BFL usually reports `progress: null` while training (bfl-api.md §3.2),
 * so unless it gives a number we estimate from the time elapsed since training began against the time we
 * expect it to take. The expectation starts from iterations, priority and the training pace (stated by the
 * simulator, a documented prior against live BFL: `./pace`) and is refined by how long this account's
 * earlier finetunes really took (their Pending → Ready times). An estimate is labelled as such,
 * never reaches 100% before Ready, and (through `ProgressMemory`) never runs backwards.
 */

export type ProgressKind = "queued" | "bfl" | "estimate" | "ready" | "failed";

export interface ProgressView {
  kind: ProgressKind;
  /** 0..1; 1 only when Ready. Null when there is nothing to draw (Error). */
  value: number | null;
  /** Milliseconds until the expected end; null when unknown or finished. */
  etaMs: number | null;
  /** How many earlier finetunes refined the expectation (0 = the default for iterations and priority). */
  historyCount: number;
  /** Where the pace behind an estimate came from. */
  paceSource: TrainingPace["source"];
  /** The whole expected training time in ms (elapsed + left); null when not estimating. */
  expectedMs: number | null;
}

/** The highest an estimate may show: it creeps toward this when training runs long, never past it. */
export const ESTIMATE_CAP = 0.97;
/** BFL's own number is capped too: 100% only once BFL says Ready. */
export const BFL_CAP = 0.99;
/** Ratios of actual to default duration outside this range are treated as noise. */
const RATIO_RANGE = { min: 0.0005, max: 50 } as const;
const HISTORY_LIMIT = 10;

type Timed = Pick<Finetune, "status" | "created_at" | "timeline">;
type Sized = Pick<Finetune, "iterations" | "priority">;

/** The default expectation in ms, from iterations, priority and the pace alone. */
export function defaultDurationMs(f: Sized, pace: TrainingPace = PRIOR_PACE): number {
  return paceDurationMs(pace, f.iterations, f.priority);
}

function eventTime(f: Timed, status: string): number | null {
  const event = f.timeline.find((e) => e.status === status);
  if (!event) return null;
  const t = Date.parse(event.at);
  return Number.isFinite(t) ? t : null;
}

/** When training began: the Pending event, else the creation time (finetunes created elsewhere). */
export function trainingStart(f: Timed): number | null {
  const pending = eventTime(f, "Pending");
  if (pending !== null) return pending;
  const created = Date.parse(f.created_at);
  return Number.isFinite(created) ? created : null;
}

/** How long a finished finetune trained (Pending → Ready), or null when its timeline cannot tell. */
export function trainedDurationMs(f: Timed): number | null {
  if (f.status !== "Ready") return null;
  const start = eventTime(f, "Pending");
  const end = eventTime(f, "Ready");
  if (start === null || end === null || end <= start) return null;
  return end - start;
}

export interface DurationModel {
  /** Actual / default duration: the median over the most recent finished finetunes. */
  ratio: number;
  historyCount: number;
  pace: TrainingPace;
}

/** Learn how this account's trainings compare with the default expectation at `pace`. */
export function learnDurationModel(
  history: readonly Finetune[],
  pace: TrainingPace = PRIOR_PACE,
): DurationModel {
  // The simulator states its pace exactly; history only refines an assumed one (and tests that force
  // trainings done would skew it).
  if (pace.source === "simulator") return { ratio: 1, historyCount: 0, pace };
  const ratios = history
    .map((f) => ({ f, ms: trainedDurationMs(f) }))
    .filter((x): x is { f: Finetune; ms: number } => x.ms !== null)
    .sort((a, b) => Date.parse(b.f.created_at) - Date.parse(a.f.created_at))
    .slice(0, HISTORY_LIMIT)
    .map(({ f, ms }) => ms / defaultDurationMs(f, pace))
    .filter((r) => r >= RATIO_RANGE.min && r <= RATIO_RANGE.max)
    .sort((a, b) => a - b);
  if (ratios.length === 0) return { ratio: 1, historyCount: 0, pace };
  const mid = Math.floor(ratios.length / 2);
  const median = ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return { ratio: median, historyCount: ratios.length, pace };
}

export function expectedDurationMs(f: Sized, model: DurationModel): number {
  return defaultDurationMs(f, model.pace) * model.ratio;
}

/**
 * Fraction of the expected time → shown value. Linear to 90%, then it eases toward the cap so an
 * overrunning training still moves a little and never claims to be done.
 */
export function easeEstimate(fraction: number): number {
  const knee = 0.9;
  if (!(fraction > 0)) return 0;
  if (fraction <= knee) return fraction;
  return knee + (ESTIMATE_CAP - knee) * (1 - Math.exp(-(fraction - knee) / 0.3));
}

/** The progress to show for `f` at time `now` (ms), before the never-backwards rule. */
export function computeProgress(f: Finetune, model: DurationModel, now: number): ProgressView {
  const base = { historyCount: model.historyCount, paceSource: model.pace.source, expectedMs: null };
  if (f.status === "Ready") return { ...base, kind: "ready", value: 1, etaMs: null };
  if (f.status === "Error") return { ...base, kind: "failed", value: null, etaMs: null };
  if (f.status === "Queued") return { ...base, kind: "queued", value: 0, etaMs: null };

  const start = trainingStart(f) ?? now;
  const elapsed = Math.max(0, now - start);
  const expected = expectedDurationMs(f, model);

  if (typeof f.progress === "number" && Number.isFinite(f.progress)) {
    const p = Math.min(BFL_CAP, Math.max(0, f.progress));
    // Project the rest at the pace so far once there is enough signal; else fall back on the expectation.
    const etaMs = p >= 0.02 ? (elapsed * (1 - p)) / p : Math.max(0, expected - elapsed);
    return { ...base, kind: "bfl", value: p, etaMs };
  }

  return {
    ...base,
    kind: "estimate",
    value: easeEstimate(elapsed / expected),
    etaMs: Math.max(0, expected - elapsed),
    expectedMs: expected,
  };
}

/** Remembers the highest value shown per finetune so a refetch or a new estimate never moves a bar back. */
export class ProgressMemory {
  private readonly shown = new Map<string, number>();

  apply(id: string, view: ProgressView): ProgressView {
    if (view.value === null) return view;
    if (view.kind === "ready") {
      this.shown.set(id, 1);
      return view;
    }
    const cap = view.kind === "bfl" ? BFL_CAP : ESTIMATE_CAP;
    const previous = this.shown.get(id) ?? 0;
    // Never backwards, and never past the cap: an earlier BFL number may exceed the estimate cap.
    const value = Math.min(Math.max(previous, view.value), Math.max(cap, previous));
    this.shown.set(id, value);
    return { ...view, value };
  }

  forget(id: string): void {
    this.shown.delete(id);
  }
}

/** Shared across pages of one tab: the list and the details page show the same, never-receding bar. */
export const progressMemory = new ProgressMemory();
