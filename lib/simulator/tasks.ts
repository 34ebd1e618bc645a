import { type BflStatus, MAX_ACTIVE_TASKS } from "../bfl";
import type { FinetuneTask, InferenceTask, SimulatorState } from "./store";

/**
 * The state machine, computed from timestamps (never from timers), so it survives restarts:
 *   finetune:  Pending → Ready at createdAt + durationMs
 *              Pending → Error when the dataset is unusable (after a fifth of the training time)
 *              any     → Error when forced through the control route
 *   inference: Request Moderated at once (prompt word), else Pending → Ready | Content Moderated.
 */

/** Share of the training time after which an unusable dataset turns the finetune into Error. */
export const DATASET_ERROR_AT = 0.2;

export interface FinetuneView {
  status: BflStatus;
  /** 0..1 while training, 1 when done. */
  fraction: number;
  error: string | null;
  /** When the task stops being unfinished (ms epoch). */
  doneAt: number;
}

export function finetuneView(ft: FinetuneTask, now: number): FinetuneView {
  if (ft.forcedError) return { status: "Error", fraction: 1, error: ft.forcedError, doneAt: now };
  const end = ft.completedAt ?? ft.createdAt + ft.durationMs;
  if (ft.datasetError) {
    const failAt = ft.completedAt ?? ft.createdAt + ft.durationMs * DATASET_ERROR_AT;
    if (now >= failAt) return { status: "Error", fraction: 1, error: ft.datasetError, doneAt: failAt };
    return { status: "Pending", fraction: fraction(ft.createdAt, end, now), error: null, doneAt: failAt };
  }
  if (now >= end) return { status: "Ready", fraction: 1, error: null, doneAt: end };
  return { status: "Pending", fraction: fraction(ft.createdAt, end, now), error: null, doneAt: end };
}

function fraction(start: number, end: number, now: number): number {
  if (end <= start) return 1;
  return Math.min(1, Math.max(0, (now - start) / (end - start)));
}

export interface InferenceView {
  status: BflStatus;
  /** When the result was produced (ms epoch) or will be. */
  doneAt: number;
}

export function inferenceView(t: InferenceTask, now: number): InferenceView {
  if (t.moderation === "request") return { status: "Request Moderated", doneAt: t.createdAt };
  const end = t.completedAt ?? t.createdAt + t.durationMs;
  if (now < end) return { status: "Pending", doneAt: end };
  return { status: t.moderation === "content" ? "Content Moderated" : "Ready", doneAt: end };
}

/** Unfinished tasks (training + inference) and when the first of them finishes. */
export function activeTasks(
  state: SimulatorState,
  now: number,
): { count: number; nextDoneAt: number | null } {
  let count = 0;
  let next: number | null = null;
  const consider = (status: BflStatus, doneAt: number) => {
    if (status !== "Pending") return;
    count++;
    next = next === null ? doneAt : Math.min(next, doneAt);
  };
  for (const ft of state.finetunes.values()) {
    const v = finetuneView(ft, now);
    consider(v.status, v.doneAt);
  }
  for (const t of state.tasks.values()) {
    const v = inferenceView(t, now);
    consider(v.status, v.doneAt);
  }
  return { count, nextDoneAt: next };
}

/** Seconds to tell a client in `Retry-After` when it is over the limit. */
export function retryAfterSeconds(nextDoneAt: number | null, now: number): number {
  if (nextDoneAt === null) return 1;
  return Math.max(1, Math.ceil((nextDoneAt - now) / 1000));
}

export const isOverConcurrency = (count: number) => count >= MAX_ACTIVE_TASKS;
