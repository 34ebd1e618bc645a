import { describe, expect, it } from "vitest";
import { loadOnce } from "@/lib/workers/load-once";
import { createWorkerPool, WorkerFailedError } from "@/lib/workers/pool";
import { type Handlers, serveWorker } from "@/lib/workers/serve";

/**
 * The worker messaging layer end to end, in one process: a fake Worker hands each message to a fake
 * worker scope (a macrotask later, like a real one) where serveWorker answers it.
 */

type Contract = {
  double: { req: { n: number }; res: number };
  shout: { req: string; res: { text: string } };
  slow: { req: { ms: number; steps: number }; res: "done" };
};

interface Scope {
  onmessage: ((ev: { data: unknown }) => void) | null;
  postMessage: (data: unknown) => void;
}

function fakeWorkers(handlers: Handlers<Contract>) {
  const made: FakeWorker[] = [];
  class FakeWorker {
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onerror: ((ev: { message: string }) => void) | null = null;
    terminated = false;
    inFlight = 0;
    maxInFlight = 0;
    scope: Scope;
    constructor() {
      this.scope = {
        onmessage: null,
        postMessage: (data) => {
          if ("ok" in (data as object)) this.inFlight--;
          setTimeout(() => this.onmessage?.({ data }));
        },
      };
      const g = globalThis as { self?: unknown };
      const saved = g.self;
      g.self = this.scope;
      serveWorker(handlers);
      g.self = saved;
      made.push(this);
    }
    postMessage(data: unknown) {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      setTimeout(() => this.scope.onmessage?.({ data }));
    }
    terminate() {
      this.terminated = true;
    }
  }
  return { made, factory: () => new FakeWorker() as unknown as Worker };
}

const handlers: Handlers<Contract> = {
  double: ({ n }) => n * 2,
  shout: async (text) => {
    if (!text) throw new Error("nothing to shout");
    return { text: text.toUpperCase() };
  },
  slow: async ({ ms, steps }, ctx) => {
    for (let i = 1; i <= steps; i++) {
      await new Promise((r) => setTimeout(r, ms / steps));
      ctx.progress(i / steps);
    }
    return "done" as const;
  },
};

describe("worker messaging layer", () => {
  it("answers each call with its own method's result, typed, and reports progress", async () => {
    const { factory } = fakeWorkers(handlers);
    const pool = createWorkerPool<Contract>(factory, 2);
    const progress: number[] = [];
    const [a, b, c] = await Promise.all([
      pool.call("double", { n: 21 }),
      pool.call("shout", "hi"),
      pool.call("slow", { ms: 4, steps: 4 }, { onProgress: (p) => progress.push(p) }),
    ]);
    const n: number = a;
    const t: string = b.text;
    expect([n, t, c]).toEqual([42, "HI", "done"]);
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
    pool.terminate();
  });

  it("turns a handler's exception into a rejection with its message", async () => {
    const { factory } = fakeWorkers(handlers);
    const pool = createWorkerPool<Contract>(factory, 1);
    await expect(pool.call("shout", "")).rejects.toThrow("nothing to shout");
    await expect(pool.call("shout", "ok")).resolves.toEqual({ text: "OK" });
  });

  it("keeps to its size and per-worker limit, and starts workers only when called", async () => {
    const { factory, made } = fakeWorkers(handlers);
    const pool = createWorkerPool<Contract>(factory, 2, 2);
    expect(made).toHaveLength(0);
    await Promise.all(Array.from({ length: 9 }, () => pool.call("slow", { ms: 2, steps: 1 })));
    expect(made).toHaveLength(2);
    expect(Math.max(...made.map((w) => w.maxInFlight))).toBe(2);
    pool.terminate();
    expect(made.every((w) => w.terminated)).toBe(true);
  });

  it("fails calls with WorkerFailedError when no worker can start or one crashes", async () => {
    const none = createWorkerPool<Contract>(() => {
      throw new Error("Worker is not defined");
    }, 1);
    await expect(none.call("double", { n: 1 })).rejects.toBeInstanceOf(WorkerFailedError);

    const { factory, made } = fakeWorkers(handlers);
    const pool = createWorkerPool<Contract>(factory, 1);
    const pending = pool.call("slow", { ms: 50, steps: 1 });
    await new Promise((r) => setTimeout(r));
    made[0]?.onerror?.({ message: "boom" });
    await expect(pending).rejects.toThrow(WorkerFailedError);
    // A fresh worker takes the next call.
    await expect(pool.call("double", { n: 2 })).resolves.toBe(4);
    expect(made).toHaveLength(2);
  });

  it("shares one lazily loaded pool between calls made while it loads (one worker for a 20-image drop)", async () => {
    const { factory, made } = fakeWorkers(handlers);
    let loads = 0;
    const getPool = loadOnce(async () => {
      loads++;
      // Like the studio's dynamic import of its pools module: a real wait before the pool exists.
      await new Promise((r) => setTimeout(r, 5));
      return createWorkerPool<Contract>(factory, 1, 2);
    });
    expect(getPool.peek()).toBeUndefined();
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, n) => (await getPool()).call("double", { n })),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, n) => n * 2));
    expect(loads).toBe(1);
    expect(made).toHaveLength(1);
    expect(getPool.peek()).toBe(await getPool());
  });

  it("tries a failed load again on the next call", async () => {
    let attempt = 0;
    const get = loadOnce(async () => {
      attempt++;
      if (attempt === 1) throw new Error("chunk failed to load");
      return attempt;
    });
    await expect(get()).rejects.toThrow("chunk failed to load");
    expect(get.peek()).toBeUndefined();
    await expect(get()).resolves.toBe(2);
    await expect(get()).resolves.toBe(2);
  });
});
