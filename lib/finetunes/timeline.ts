import type { Finetune } from "@/lib/api/types";
import { trainingCost } from "@/lib/bfl/pricing";

export interface TimelineStep {
  status: "Queued" | "Pending" | "Ready" | "Error";
  label: string;
  /** ISO time the finetune reached this step; null when not (yet) reached. */
  at: string | null;
  state: "done" | "current" | "upcoming";
}

const LABELS = { Queued: "Queued", Pending: "Training", Ready: "Ready", Error: "Error" } as const;

/**
 * The steps to draw: Queued only when the finetune waited for a slot, then Pending, then Ready or Error.
 * Times come from the recorded status history; a finetune created elsewhere may have none.
 */
export function timelineSteps(f: Pick<Finetune, "status" | "timeline" | "created_at">): TimelineStep[] {
  const at = (s: string) => f.timeline.find((e) => e.status === s)?.at ?? null;
  const queuedAt = at("Queued");
  const steps: TimelineStep[] = [];
  if (queuedAt !== null || f.status === "Queued") {
    steps.push({ status: "Queued", label: LABELS.Queued, at: queuedAt, state: "done" });
  }
  const pendingAt = at("Pending") ?? (queuedAt === null && f.status !== "Queued" ? f.created_at : null);
  steps.push({ status: "Pending", label: LABELS.Pending, at: pendingAt, state: "done" });
  const last: "Ready" | "Error" = f.status === "Error" ? "Error" : "Ready";
  steps.push({ status: last, label: LABELS[last], at: at(last), state: "done" });

  // Everything up to the current status is done; the current one is marked; the rest is upcoming.
  const currentIndex = steps.findIndex((s) => s.status === f.status);
  return steps.map((s, i) => ({
    ...s,
    state:
      i < currentIndex
        ? "done"
        : i === currentIndex
          ? isTerminal(s.status)
            ? "done"
            : "current"
          : "upcoming",
  }));
}

function isTerminal(status: TimelineStep["status"]): boolean {
  return status === "Ready" || status === "Error";
}

export interface TrainingSummary {
  /** Training start → Ready/Error in ms; null while training or when the times were not recorded. */
  durationMs: number | null;
  /** BFL's listed training price for the iterations (bfl-api.md §6); null when iterations are unknown. */
  credits: number | null;
}

/** How long the training took and what it cost, for the foot of the timeline. */
export function trainingSummary(
  f: Pick<Finetune, "status" | "timeline" | "created_at" | "iterations">,
): TrainingSummary {
  const steps = timelineSteps(f);
  const start = steps.find((s) => s.status === "Pending")?.at ?? null;
  const end = steps.find((s) => s.status === "Ready" || s.status === "Error")?.at ?? null;
  const ms = start && end ? Date.parse(end) - Date.parse(start) : Number.NaN;
  return {
    durationMs: Number.isFinite(ms) && ms >= 0 ? ms : null,
    credits: f.iterations === null ? null : trainingCost(f.iterations),
  };
}
