import { createWorkerPool, type WorkerPool } from "../worker-pool";
import type {
  BuildZipRequest,
  BuildZipResponse,
  ParseZipRequest,
  ParseZipResponse,
  ProcessRequest,
  ProcessResponse,
} from "./protocol";

/** The studio's workers: two for images (the machine's cores), one for ZIPs. Created on first use. */
export const IMAGE_WORKERS = 2;

export function createImagePool(): WorkerPool<ProcessRequest, ProcessResponse> {
  return createWorkerPool(
    () =>
      new Worker(new URL("./image.worker.ts", import.meta.url), { type: "module", name: "dataset-image" }),
    Math.max(1, Math.min(IMAGE_WORKERS, globalThis.navigator?.hardwareConcurrency ?? IMAGE_WORKERS)),
  );
}

export function createZipPool(): WorkerPool<
  ParseZipRequest | BuildZipRequest,
  ParseZipResponse | BuildZipResponse
> {
  return createWorkerPool(
    () => new Worker(new URL("./zip.worker.ts", import.meta.url), { type: "module", name: "dataset-zip" }),
    1,
  );
}
