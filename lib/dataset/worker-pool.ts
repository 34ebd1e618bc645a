import type { JobMessage, JobReply } from "./workers/protocol";

/**
 * A small pool of Web Workers: jobs queue and run on the first free worker. Workers start lazily, so
 * nothing loads until the first job.
 */
export interface WorkerPool<Req, Res> {
  run: (payload: Req, onProgress?: (p: number) => void) => Promise<Res>;
  terminate: () => void;
}

interface Job<Req, Res> {
  id: number;
  payload: Req;
  resolve: (r: Res) => void;
  reject: (e: Error) => void;
  onProgress?: (p: number) => void;
}

/**
 * `perWorker` jobs may run on one worker at once: a worker whose job mostly awaits the browser's own
 * decode and encode threads can start the next image meanwhile, without a second worker's start-up cost.
 */
export function createWorkerPool<Req, Res>(
  factory: () => Worker,
  size: number,
  perWorker = 1,
): WorkerPool<Req, Res> {
  const all: Worker[] = [];
  const load = new Map<Worker, number>();
  const queue: Job<Req, Res>[] = [];
  const running = new Map<number, { job: Job<Req, Res>; worker: Worker }>();
  let nextId = 1;

  function release(w: Worker) {
    load.set(w, Math.max(0, (load.get(w) ?? 1) - 1));
  }

  function spawn(): Worker {
    const w = factory();
    w.onmessage = (ev: MessageEvent<JobReply<Res>>) => {
      const run = running.get(ev.data.jobId);
      if (!run || run.worker !== w) return;
      if (ev.data.payload === undefined) {
        if (ev.data.progress !== undefined) run.job.onProgress?.(ev.data.progress);
        return;
      }
      running.delete(ev.data.jobId);
      release(w);
      run.job.resolve(ev.data.payload);
      pump();
    };
    w.onerror = (ev) => {
      for (const [id, run] of running) {
        if (run.worker !== w) continue;
        running.delete(id);
        run.job.reject(new Error(ev.message || "worker crashed"));
      }
      all.splice(all.indexOf(w), 1);
      load.delete(w);
      w.terminate();
      pump();
    };
    all.push(w);
    load.set(w, 0);
    return w;
  }

  /** The least busy worker with room, else a new one while under `size`. */
  function pick(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of all) {
      const n = load.get(w) ?? 0;
      if (n < perWorker && (!best || n < (load.get(best) ?? 0))) best = w;
    }
    if (best && (load.get(best) ?? 0) === 0) return best;
    if (all.length < size) return spawn();
    return best;
  }

  function pump() {
    while (queue.length > 0) {
      const w = pick();
      if (!w) return;
      const job = queue.shift()!;
      running.set(job.id, { job, worker: w });
      load.set(w, (load.get(w) ?? 0) + 1);
      w.postMessage({ jobId: job.id, payload: job.payload } satisfies JobMessage<Req>);
    }
  }

  return {
    run(payload, onProgress) {
      return new Promise<Res>((resolve, reject) => {
        queue.push({ id: nextId++, payload, resolve, reject, onProgress });
        pump();
      });
    },
    terminate() {
      for (const w of all) w.terminate();
      all.length = 0;
      load.clear();
      for (const job of queue.splice(0)) job.reject(new Error("stopped"));
      for (const { job } of running.values()) job.reject(new Error("stopped"));
      running.clear();
    },
  };
}
