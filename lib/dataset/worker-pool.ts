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

export function createWorkerPool<Req, Res>(factory: () => Worker, size: number): WorkerPool<Req, Res> {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const queue: Job<Req, Res>[] = [];
  const running = new Map<Worker, Job<Req, Res>>();
  let nextId = 1;

  function spawn(): Worker {
    const w = factory();
    w.onmessage = (ev: MessageEvent<JobReply<Res>>) => {
      const job = running.get(w);
      if (!job || ev.data.jobId !== job.id) return;
      if (ev.data.payload === undefined) {
        if (ev.data.progress !== undefined) job.onProgress?.(ev.data.progress);
        return;
      }
      running.delete(w);
      job.resolve(ev.data.payload);
      idle.push(w);
      pump();
    };
    w.onerror = (ev) => {
      const job = running.get(w);
      running.delete(w);
      job?.reject(new Error(ev.message || "worker crashed"));
      all.splice(all.indexOf(w), 1);
      w.terminate();
      pump();
    };
    all.push(w);
    return w;
  }

  function pump() {
    while (queue.length > 0) {
      const w = idle.pop() ?? (all.length < size ? spawn() : undefined);
      if (!w) return;
      const job = queue.shift()!;
      running.set(w, job);
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
      idle.length = 0;
      for (const job of queue.splice(0)) job.reject(new Error("stopped"));
      for (const job of running.values()) job.reject(new Error("stopped"));
      running.clear();
    },
  };
}
