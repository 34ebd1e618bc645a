import type { CallMessage, Contract, Method, ReplyMessage } from "./rpc";

/**
 * A small pool of Web Workers speaking one contract (see rpc.ts): calls queue and run on the least busy
 * worker. Workers start lazily, so nothing loads until the first call.
 */
export interface WorkerPool<C extends Contract> {
  call: <K extends Method<C>>(
    method: K,
    payload: C[K]["req"],
    opts?: { onProgress?: (p: number) => void; transfer?: Transferable[] },
  ) => Promise<C[K]["res"]>;
  terminate: () => void;
}

/** The worker could not start or died (no Worker support, a script that fails to load, a crash). */
export class WorkerFailedError extends Error {
  override name = "WorkerFailedError";
}

interface Job<C extends Contract> {
  message: CallMessage<C>;
  transfer: Transferable[];
  /** Settles the caller's promise with this job's reply. */
  settle: (reply: Exclude<ReplyMessage<C>, { progress: number }>) => void;
  fail: (e: Error) => void;
  onProgress?: (p: number) => void;
}

/**
 * `perWorker` calls may run on one worker at once: a worker whose job mostly awaits the browser's own
 * decode and encode threads can start the next image meanwhile, without a second worker's start-up cost.
 */
export function createWorkerPool<C extends Contract>(
  factory: () => Worker,
  size: number,
  perWorker = 1,
): WorkerPool<C> {
  const all: Worker[] = [];
  const load = new Map<Worker, number>();
  const queue: Job<C>[] = [];
  const running = new Map<number, { job: Job<C>; worker: Worker }>();
  let nextId = 1;

  function release(w: Worker) {
    load.set(w, Math.max(0, (load.get(w) ?? 1) - 1));
  }

  function spawn(): Worker {
    const w = factory();
    w.onmessage = (ev: MessageEvent<ReplyMessage<C>>) => {
      const reply = ev.data;
      const run = running.get(reply.id);
      if (!run || run.worker !== w) return;
      if ("progress" in reply) {
        run.job.onProgress?.(reply.progress);
        return;
      }
      running.delete(reply.id);
      release(w);
      run.job.settle(reply);
      pump();
    };
    w.onerror = (ev) => {
      for (const [id, run] of running) {
        if (run.worker !== w) continue;
        running.delete(id);
        run.job.fail(new WorkerFailedError(ev.message || "the background worker crashed"));
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
      let w: Worker | undefined;
      try {
        w = pick();
      } catch (e) {
        // No worker can start here (no Worker support, blocked script): every waiting call fails.
        const why = e instanceof Error ? e.message : String(e);
        for (const job of queue.splice(0)) job.fail(new WorkerFailedError(why));
        return;
      }
      if (!w) return;
      const job = queue.shift();
      if (!job) return;
      running.set(job.message.id, { job, worker: w });
      load.set(w, (load.get(w) ?? 0) + 1);
      w.postMessage(job.message, job.transfer);
    }
  }

  return {
    call(method, payload, opts = {}) {
      return new Promise((resolve, reject) => {
        queue.push({
          message: { id: nextId++, method, payload },
          transfer: opts.transfer ?? [],
          // The reply carries this call's id, and the worker answered this call's method.
          settle: (reply) => (reply.ok ? resolve(reply.result) : reject(new Error(reply.error))),
          fail: reject,
          onProgress: opts.onProgress,
        });
        pump();
      });
    },
    terminate() {
      for (const w of all) w.terminate();
      all.length = 0;
      load.clear();
      for (const job of queue.splice(0)) job.fail(new Error("stopped"));
      for (const { job } of running.values()) job.fail(new Error("stopped"));
      running.clear();
    },
  };
}
