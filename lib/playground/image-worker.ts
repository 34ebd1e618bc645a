/// <reference lib="webworker" />
import { cannyEdges } from "./canny";
import { prepareImage } from "./prepare-image";
import type { WorkerRequest, WorkerResponse } from "./worker-protocol";

/** Off the main thread: image decode/shrink/encode and canny edge maps for the live preview. */

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  let res: WorkerResponse;
  try {
    if (req.type === "prepare") {
      const image = await prepareImage(req.file, { name: req.name, asMask: req.asMask });
      res = { id: req.id, ok: true, type: "prepare", image };
    } else {
      const edges = cannyEdges(req.gray, req.width, req.height, req.low, req.high);
      res = { id: req.id, ok: true, type: "canny", edges };
      scope.postMessage(res, [edges.buffer]);
      return;
    }
  } catch (err) {
    res = {
      id: req.id,
      ok: false,
      error: err instanceof Error ? err.message : "The image could not be processed.",
    };
  }
  scope.postMessage(res);
};
