import { cannyEdges } from "./canny";
import { prepareImage } from "./prepare-image";
import type { ImageInput } from "./settings";
import type { WorkerRequest, WorkerResponse } from "./worker-protocol";

/** Promise wrapper around the image worker; falls back to the main thread if workers are unavailable. */

type Pending = { resolve: (r: WorkerResponse) => void };
let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL("./image-worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
      pending.get(e.data.id)?.resolve(e.data);
      pending.delete(e.data.id);
    };
    worker.onerror = () => {
      // A worker that fails to load: answer everything waiting with the main-thread path next time.
      worker = null;
      for (const p of pending.values()) p.resolve({ id: -1, ok: false, error: "worker-failed" });
      pending.clear();
    };
  } catch {
    worker = null;
  }
  return worker;
}

function send(req: WorkerRequest, transfer: Transferable[] = []): Promise<WorkerResponse> | null {
  const w = getWorker();
  if (!w) return null;
  return new Promise((resolve) => {
    pending.set(req.id, { resolve });
    w.postMessage(req, transfer);
  });
}

export async function prepareImageOffThread(file: File, asMask = false): Promise<ImageInput> {
  const res = await send({ id: nextId++, type: "prepare", file, name: file.name, asMask });
  if (!res || (!res.ok && res.error === "worker-failed"))
    return prepareImage(file, { name: file.name, asMask });
  if (!res.ok) throw new Error(res.error);
  if (res.type !== "prepare") throw new Error("Unexpected worker answer.");
  return res.image;
}

export async function cannyOffThread(
  gray: Uint8Array,
  width: number,
  height: number,
  low: number,
  high: number,
): Promise<Uint8Array> {
  const copy = gray.slice();
  const res = await send({ id: nextId++, type: "canny", gray: copy, width, height, low, high }, [
    copy.buffer,
  ]);
  if (res?.ok && res.type === "canny") return res.edges;
  return cannyEdges(gray, width, height, low, high);
}
