import type { Finetune } from "@/lib/api/types";

export interface TimelineStep {
  status: "Queued" | "Pending" | "Ready" | "Error";
  label: string;
  /** ISO time the finetune reached this step; null when not (yet) reached. */
  at: string | null;
  state: "done" | "current" | "upcoming";
}

const LABELS = { Queued: "Queued", Pending: "Training (Pending)", Ready: "Ready", Error: "Error" } as const;

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
