/// <reference lib="webworker" />
import { serveWorker } from "@/lib/workers/serve";
import { cannyEdges } from "./canny";
import { prepareImage } from "./prepare-image";
import type { PlaygroundWorkerContract } from "./worker-protocol";

/** Off the main thread: image decode/shrink/encode and canny edge maps for the live preview. */

serveWorker<PlaygroundWorkerContract>({
  prepare: (req) => prepareImage(req.file, { name: req.name, asMask: req.asMask }),
  canny(req, ctx) {
    const edges = cannyEdges(req.gray, req.width, req.height, req.low, req.high);
    ctx.transfer([edges.buffer]);
    return edges;
  },
});
