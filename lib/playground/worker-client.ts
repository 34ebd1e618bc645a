import { createWorkerPool, WorkerFailedError } from "@/lib/workers/pool";
import { cannyEdges } from "./canny";
import { prepareImage } from "./prepare-image";
import type { ImageInput } from "./settings";
import type { PlaygroundWorkerContract } from "./worker-protocol";

/** The playground's image worker; falls back to the main thread where workers cannot run. */

const worker = createWorkerPool<PlaygroundWorkerContract>(
  () => new Worker(new URL("./image-worker.ts", import.meta.url), { type: "module" }),
  1,
);

export async function prepareImageOffThread(file: File, asMask = false): Promise<ImageInput> {
  try {
    return await worker.call("prepare", { file, name: file.name, asMask });
  } catch (e) {
    if (e instanceof WorkerFailedError) return prepareImage(file, { name: file.name, asMask });
    throw e;
  }
}

export async function cannyOffThread(
  gray: Uint8Array,
  width: number,
  height: number,
  low: number,
  high: number,
): Promise<Uint8Array> {
  const copy = gray.slice();
  try {
    return await worker.call("canny", { gray: copy, width, height, low, high }, { transfer: [copy.buffer] });
  } catch {
    return cannyEdges(gray, width, height, low, high);
  }
}
