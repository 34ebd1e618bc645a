import type { Browser, Page } from "playwright-core";

/**
 * Where the CPU went: a Chromium trace of one run, reduced to busy time per thread group (union of the
 * trace's complete events on each thread, so nesting is not counted twice). Used to explain the
 * dataset part's ratio: on a 2-core machine, work beyond the floor's has nowhere to run in parallel.
 */

export interface CpuBreakdown {
  /** Trace length (about the measured span). */
  windowMs: number;
  main: number;
  /** Of `main`: style, layout, paint and compositing commits. */
  mainRendering: number;
  /** Of `main`: JavaScript (functions, message handlers, script evaluation). */
  mainScript: number;
  workers: number;
  /** Web Worker threads that did any work (the studio should use a few, never one per image). */
  workerThreads: number;
  /** Renderer's thread pool: image decoding and encoding happen here, off every JS thread. */
  pool: number;
  other: number;
  total: number;
}

const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel", "v8", "blink"];
const RENDERING =
  /^(Paint|Layout|UpdateLayoutTree|PrePaint|Layerize|Commit|WebFrameWidgetImpl::UpdateLifecycle|LocalFrameView::RunStyleAndLayoutLifecyclePhases|LocalFrameView::RunPaintLifecyclePhase)$/;
const SCRIPT =
  /^(v8\.callFunction|FunctionCall|EvaluateScript|v8\.run|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks)$/;

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

function unionMs(intervals: [number, number][]): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [s, e] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const [a, b] of intervals) {
    if (a > e) {
      if (e > s) total += e - s;
      [s, e] = [a, b];
    } else e = Math.max(e, b);
  }
  if (e > s) total += e - s;
  return total / 1000;
}

export function cpuBreakdown(trace: Buffer): CpuBreakdown {
  const parsed = JSON.parse(trace.toString("utf8")) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const threadName = new Map<string, string>();
  const processName = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== "M") continue;
    if (e.name === "thread_name") threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
    if (e.name === "process_name") processName.set(e.pid, e.args?.name ?? "");
  }
  const byThread = new Map<string, [number, number][]>();
  const rendering: [number, number][] = [];
  const script: [number, number][] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const e of events) {
    if (e.ph !== "X" || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    const span: [number, number] = [e.ts, e.ts + e.dur];
    byThread.set(key, [...(byThread.get(key) ?? []), span]);
    first = Math.min(first, e.ts);
    last = Math.max(last, e.ts + e.dur);
    if (threadName.get(key) === "CrRendererMain") {
      if (RENDERING.test(e.name)) rendering.push(span);
      else if (SCRIPT.test(e.name)) script.push(span);
    }
  }
  const out: CpuBreakdown = {
    windowMs: last > first ? (last - first) / 1000 : 0,
    main: 0,
    mainRendering: unionMs(rendering),
    mainScript: unionMs(script),
    workers: 0,
    workerThreads: 0,
    pool: 0,
    other: 0,
    total: 0,
  };
  for (const [key, spans] of byThread) {
    const busy = unionMs(spans);
    const name = threadName.get(key) ?? "";
    const proc = processName.get(Number(key.split(":")[0])) ?? "";
    if (name === "CrRendererMain") out.main += busy;
    else if (name === "DedicatedWorker thread") {
      out.workers += busy;
      if (busy > 0) out.workerThreads++;
    } else if (proc === "Renderer" && name.startsWith("ThreadPool")) out.pool += busy;
    else out.other += busy;
    out.total += busy;
  }
  return out;
}

/** Runs `action` under a Chromium trace of `page` and returns the breakdown. */
export async function traced(
  browser: Browser,
  page: Page,
  action: () => Promise<unknown>,
): Promise<CpuBreakdown> {
  await browser.startTracing(page, { categories: CATEGORIES });
  let failure: unknown = null;
  try {
    await action();
  } catch (err) {
    failure = err;
  }
  // Stopped even when the action failed, or the next startTracing would refuse.
  const buf = await browser.stopTracing();
  if (failure !== null) throw failure;
  return cpuBreakdown(buf);
}
