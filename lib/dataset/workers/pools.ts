import { createWorkerPool, type WorkerPool } from "@/lib/workers/pool";
import type { ImageContract, ZipContract } from "./protocol";

/** Most image workers: each holds a decoded original (up to ~100 MB for a large photo) while it works. */
export const MAX_IMAGE_WORKERS = 4;

/**
 * How many image workers for a machine with `cores` logical cores. On 2 cores or fewer, one: the
 * browser's own decode/encode threads and the page (rendering, IndexedDB) need the other core, and a
 * second worker only makes them fight for it. With more cores, one per core but one, up to the cap.
 */
export function imageWorkerCount(cores: number | undefined): number {
  const n = cores && cores > 0 ? cores : 2;
  return n <= 2 ? 1 : Math.min(MAX_IMAGE_WORKERS, n - 1);
}

/**
 * Images in flight per worker: while one waits for the browser's decoder (its own thread), the worker
 * draws, hashes and encodes the other, so even a single worker keeps the decode pipeline full.
 */
export const IMAGES_PER_WORKER = 2;

/** The studio's workers: image workers (see imageWorkerCount) and one for ZIPs. Created on first use. */
export function createImagePool(): WorkerPool<ImageContract> {
  return createWorkerPool(
    () =>
      new Worker(new URL("./image.worker.ts", import.meta.url), { type: "module", name: "dataset-image" }),
    imageWorkerCount(globalThis.navigator?.hardwareConcurrency),
    IMAGES_PER_WORKER,
  );
}

export function createZipPool(): WorkerPool<ZipContract> {
  return createWorkerPool(
    () => new Worker(new URL("./zip.worker.ts", import.meta.url), { type: "module", name: "dataset-zip" }),
    1,
  );
}
