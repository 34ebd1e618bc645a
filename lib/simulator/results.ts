import type { ResultResponse } from "../bfl/results";
import type { Sim } from "./context";
import { MODERATION_REASONS } from "./moderation";
import { signedQuery } from "./signing";
import type { InferenceTask } from "./store";
import { finetuneView, inferenceView, type SimStatus } from "./tasks";

/**
 * `GET /v1/get_result` bodies (the signed result links they hand out are served by sample-link.ts).
 * A finetune's `result` is null at every stage (BFL never documented one); `progress` is null like BFL
 * unless SIMULATOR_REPORT_PROGRESS=1.
 */

/** A `get_result` answer: today's service also says `Generating`, and reports `cost` at Ready. */
export type SimResultBody = Omit<ResultResponse, "status"> & {
  status: SimStatus;
  cost?: number;
  input_mp?: number;
  output_mp?: number;
};

/** The body and its HTTP status: a failing task's Error body comes with 503 or 422, as BFL's do. */
export function resultFor(sim: Sim, id: string, origin: string): { status: number; body: SimResultBody } {
  const now = sim.now();
  const ft = sim.store.state.finetunes.get(id);
  if (ft) {
    const v = finetuneView(ft, now);
    const progress = sim.cfg.reportProgress ? Math.round(v.fraction * 1000) / 1000 : null;
    if (v.status === "Error") {
      const body = {
        id,
        status: v.status,
        result: { error: v.error },
        progress,
        details: { error: v.error },
      };
      return { status: 200, body };
    }
    return { status: 200, body: { id, status: v.status, result: null, progress } };
  }
  const task = sim.store.state.tasks.get(id);
  if (!task) return { status: 200, body: { id, status: "Task not found", result: null, progress: null } };
  return inferenceResult(sim, task, origin, now);
}

function inferenceResult(
  sim: Sim,
  task: InferenceTask,
  origin: string,
  now: number,
): { status: number; body: SimResultBody } {
  const { id } = task;
  const v = inferenceView(task, now);
  if (v.status === "Request Moderated" || v.status === "Content Moderated") {
    const reasons = MODERATION_REASONS[v.status === "Request Moderated" ? "request" : "content"];
    const details = { "Moderation Reasons": [...reasons] };
    return { status: 200, body: { id, status: v.status, result: null, progress: null, details } };
  }
  if (v.status === "Error" && task.failure) {
    const details = { error: task.failure.error };
    return {
      status: task.failure.status,
      body: { id, status: "Error", result: null, progress: null, details },
    };
  }
  if (v.status !== "Ready")
    return { status: 200, body: { id, status: v.status, result: null, progress: null } };
  const pathname = `/_simulator/results/${task.id}/sample.${task.outputFormat}`;
  const expiresAt = v.doneAt + sim.cfg.resultTtlSeconds * 1000;
  const billing = task.live ? { cost: task.cost, input_mp: task.inputMp, output_mp: task.outputMp } : {};
  return {
    status: 200,
    body: {
      id,
      status: "Ready",
      result: {
        sample: `${origin}${pathname}?${signedQuery(sim.store.state.signingKey, pathname, expiresAt)}`,
        prompt: task.prompt,
        seed: task.seed,
        start_time: task.createdAt / 1000,
        end_time: v.doneAt / 1000,
        duration: (v.doneAt - task.createdAt) / 1000,
      },
      progress: null,
      ...billing,
    },
  };
}
