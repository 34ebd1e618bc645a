import { mimeOf } from "../bfl/image-format";
import { sendBody } from "./http";
import { startRender } from "./inference";
import type { Handler } from "./router";
import { checkSignedLink } from "./signing";
import { inferenceView } from "./tasks";

/**
 * The signed result links that `get_result` hands out (`/_simulator/results/<id>/sample.<ext>`),
 * answered like BFL's delivery storage.
 */

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
  sendBody(res, 200, bytes, mimeOf(task.outputFormat), {
    "cache-control": "private, max-age=600",
  });
};
