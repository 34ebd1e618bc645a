import { type BflStatus, MAX_ACTIVE_TASKS } from "../bfl";
import type { FinetuneTask, InferenceTask, SimulatorState } from "./store";

/**
 * The state machine, computed from timestamps (never from timers), so it survives restarts:
 *   finetune:  Pending → Ready at createdAt + durationMs (a held one: only when completed)
 *              Pending → Error when the dataset is unusable (after a fifth of the training time)
 *              any     → Error when forced through the control route
 *   inference: Request Moderated at once (prompt word), else Pending → (live: Generating →)
 *              Ready | Content Moderated | Error (a failing task, answered with HTTP 503 or 422).
 */

/** BFL's statuses plus the in-flight ones today's service reports (bfl-today.md). */
export type SimStatus = BflStatus | "Generating";

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
  const end = ft.completedAt ?? (ft.held ? Number.POSITIVE_INFINITY : ft.createdAt + ft.durationMs);
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
  status: SimStatus;
  /** When the result was produced (ms epoch) or will be. */
  doneAt: number;
}

export function inferenceView(t: InferenceTask, now: number): InferenceView {
  if (t.moderation === "request") return { status: "Request Moderated", doneAt: t.createdAt };
  const pendingEnd = t.createdAt + t.durationMs;
  const end = t.completedAt ?? pendingEnd + (t.generatingMs ?? 0);
  if (now < end) return { status: now < pendingEnd ? "Pending" : "Generating", doneAt: end };
  if (t.moderation === "content") return { status: "Content Moderated", doneAt: end };
  return { status: t.failure ? "Error" : "Ready", doneAt: end };
}

export const isUnfinished = (status: SimStatus) => status === "Pending" || status === "Generating";

/** Unfinished tasks (training + inference) and when the first of them finishes. */
export function activeTasks(
  state: SimulatorState,
  now: number,
): { count: number; nextDoneAt: number | null } {
  let count = 0;
  let next: number | null = null;
  const consider = (status: SimStatus, doneAt: number) => {
    if (!isUnfinished(status)) return;
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
