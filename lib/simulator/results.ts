import type { ResultResponse } from "../bfl/results";
import type { Sim } from "./context";
import { sendBody } from "./http";
import { startRender } from "./inference";
import { MODERATION_REASONS } from "./moderation";
import type { Handler } from "./router";
import { checkSignedLink, signedQuery } from "./signing";
import { finetuneView, inferenceView } from "./tasks";

/**
 * `GET /v1/get_result` bodies, and the signed result links (`/_simulator/results/<id>/sample.<ext>`).
 * A finetune's `result` is null at every stage (BFL never documented one); `progress` is null like BFL
 * unless SIMULATOR_REPORT_PROGRESS=1.
 */

export function resultFor(sim: Sim, id: string, origin: string): ResultResponse {
  const now = sim.now();
  const ft = sim.store.state.finetunes.get(id);
  if (ft) {
    const v = finetuneView(ft, now);
    const progress = sim.cfg.reportProgress ? Math.round(v.fraction * 1000) / 1000 : null;
    if (v.status === "Error") {
      return { id, status: "Error", result: { error: v.error }, progress, details: { error: v.error } };
    }
    return { id, status: v.status, result: null, progress };
  }
  const task = sim.store.state.tasks.get(id);
  if (!task) return { id, status: "Task not found", result: null, progress: null };
  const v = inferenceView(task, now);
  if (v.status === "Request Moderated" || v.status === "Content Moderated") {
    const reasons = MODERATION_REASONS[v.status === "Request Moderated" ? "request" : "content"];
    return {
      id,
      status: v.status,
      result: null,
      progress: null,
      details: { "Moderation Reasons": [...reasons] },
    };
  }
  if (v.status !== "Ready") return { id, status: v.status, result: null, progress: null };
  const pathname = `/_simulator/results/${task.id}/sample.${task.outputFormat}`;
  const expiresAt = v.doneAt + sim.cfg.resultTtlSeconds * 1000;
  return {
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
  };
}

/** Azure-blob-like XML errors, as BFL's delivery links answer. */
function blobError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

export const sampleRoute: Handler = async (ctx) => {
  const { sim, res, url, params } = ctx;
  const id = params.id ?? "";
  const file = params.file ?? "";
  const task = sim.store.state.tasks.get(id);
  const notFound = () =>
    sendBody(res, 404, blobError("BlobNotFound", "The specified blob does not exist."), "application/xml");
  if (!task || file !== `sample.${task.outputFormat}` || inferenceView(task, sim.now()).status !== "Ready") {
    return notFound();
  }
  const check = checkSignedLink(sim.store.state.signingKey, url.pathname, url.searchParams, sim.now());
  if (check === "bad_signature") {
    return sendBody(
      res,
      403,
      blobError("AuthenticationFailed", "Signature did not match the signed resource."),
      "application/xml",
    );
  }
  if (check === "expired") {
    return sendBody(
      res,
      403,
      blobError("AuthenticationFailed", "Signed expiry time has passed; this result link has expired."),
      "application/xml",
    );
  }
  const bytes = await startRender(sim, task).catch(() => null);
  if (!bytes) return notFound();
  sendBody(res, 200, bytes, `image/${task.outputFormat}`, {
    "cache-control": "private, max-age=600",
  });
};
