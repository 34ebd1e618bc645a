import type { BenchContext } from "./context";
import { type LoadResult, load } from "./load";
import { simStats } from "./sim-stats";
import { median, round } from "./stats";
import type { PartResult, PartRunner } from "./types";

/**
 * Part 2: what the dashboard's own status reads cost, against the cheapest Next route on the same
 * server (`/api/bench/bare`, the same kind of JSON from memory) and against the simulator itself.
 */

const CONNECTIONS = 64;
const SECONDS = 10;
const WARMUP_SECONDS = 2;

interface Target {
  key: string;
  label: string;
  url: string;
  headers?: Record<string, string>;
}

/** A finished inference task created at the simulator directly (its finetune id is BFL's, not ours). */
async function simTaskId(simUrl: string): Promise<string> {
  const headers = { "x-key": "simulator-key", "content-type": "application/json" };
  const list = await fetch(`${simUrl}/v1/my_finetunes`, { headers });
  const finetuneId = ((await list.json()) as { finetunes?: string[] }).finetunes?.[0];
  if (!finetuneId) throw new Error("the simulator lists no finetune");
  const res = await fetch(`${simUrl}/v1/flux-pro-1.1-ultra-finetuned`, {
    method: "POST",
    headers,
    body: JSON.stringify({ finetune_id: finetuneId, prompt: "bench direct", seed: 7 }),
  });
  if (!res.ok) throw new Error(`simulator inference: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

const SERIAL_REQUESTS = 500;
const SERIAL_WARMUP = 100;

/** Mean of several runs of one target (throughput, percentiles and failures). */
function meanResult(list: LoadResult[]): LoadResult {
  const m = (f: (r: LoadResult) => number) => list.reduce((n, r) => n + f(r), 0) / list.length;
  const sum = (f: (r: LoadResult) => number) => list.reduce((n, r) => n + f(r), 0);
  const first = list[0]!;
  return {
    ...first,
    requests: {
      ...first.requests,
      average: m((r) => r.requests.average),
      total: sum((r) => r.requests.total),
    },
    latency: { ...first.latency, p50: m((r) => r.latency.p50), p99: m((r) => r.latency.p99) },
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
  };
}

async function serialMedian(url: string, headers?: Record<string, string>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SERIAL_REQUESTS; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  return median(times.slice(SERIAL_WARMUP)) ?? Number.NaN; // the first ones warm the connection and the JIT
}

export const runApi: PartRunner = async (ctx: BenchContext, result: PartResult, signal: AbortSignal) => {
  const [sim, dash, seeded] = await Promise.all([ctx.sim(), ctx.dash(), ctx.seeded()]);
  const taskId = await simTaskId(sim.url);
  const targets: Target[] = [
    {
      key: "generation",
      label: "GET /api/generations/{id}",
      url: `${dash.url}/api/generations/${seeded.generationId}`,
    },
    { key: "finetunes", label: "GET /api/finetunes", url: `${dash.url}/api/finetunes` },
    { key: "bare", label: "GET /api/bench/bare (reference)", url: `${dash.url}/api/bench/bare` },
    {
      key: "simulator",
      label: "simulator GET /v1/get_result (reference)",
      url: `${sim.url}/v1/get_result?id=${taskId}`,
      headers: { "x-key": "simulator-key" },
    },
  ];
  const sizes: Record<string, number> = {};
  for (const t of targets) {
    const res = await fetch(t.url, { headers: t.headers });
    const body = await res.arrayBuffer();
    if (!res.ok)
      throw new Error(
        `${t.label} answered HTTP ${res.status} before the load: ${Buffer.from(body).toString().slice(0, 200)}`,
      );
    sizes[t.key] = body.byteLength;
  }

  // One request at a time first: the handler's own cost, without queueing (steadier on a busy machine).
  const serial: Record<string, number> = {};
  for (const t of targets) serial[t.key] = await serialMedian(t.url, t.headers);

  // The bare route runs first and again after ours, so a machine whose load drifts during the part
  // biases neither side; its figures are the mean of the two runs.
  const byKey = new Map(targets.map((t) => [t.key, t]));
  const order = ["bare", "generation", "finetunes", "bare", "simulator"];
  const runs: Record<string, LoadResult[]> = {};
  const upstream: Record<string, number> = {};
  for (const key of order) {
    const t = byKey.get(key)!;
    ctx.log(`  autocannon ${t.label}: ${CONNECTIONS} connections × ${SECONDS} s`);
    await load(t.url, { connections: 16, seconds: WARMUP_SECONDS, headers: t.headers }, signal);
    const before = await simStats(sim.url);
    const r = await load(t.url, { connections: CONNECTIONS, seconds: SECONDS, headers: t.headers }, signal);
    runs[key] = [...(runs[key] ?? []), r];
    // Calls the dashboard made to the simulator while under load (for the simulator target: its own load).
    upstream[key] = (await simStats(sim.url)).total - before.total;
    if (signal.aborted) throw new Error("aborted");
  }
  const out: Record<string, LoadResult> = Object.fromEntries(
    Object.entries(runs).map(([k, list]) => [k, meanResult(list)]),
  );

  const bare = out.bare!;
  for (const t of targets) {
    const r = out[t.key]!;
    const failures = r.errors + r.timeouts + r.non2xx;
    const ours = t.key === "generation" || t.key === "finetunes";
    const ratio = bare.requests.average > 0 ? r.requests.average / bare.requests.average : null;
    result.figures.push({
      key: `${t.key}_rps`,
      label: `${t.label}: throughput`,
      value: round(r.requests.average, 0),
      unit: "req/s",
      reference: ours
        ? `bare ${Math.round(bare.requests.average)} req/s (${round(ratio, 2)}× of it)`
        : undefined,
      target: ours ? "≥ 0.5× bare" : undefined,
      pass: ours ? ratio !== null && ratio >= 0.5 && failures === 0 : undefined,
      note:
        failures > 0
          ? `${failures} failed requests (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts) of ${r.requests.total}`
          : ours && ratio !== null && ratio < 0.5
            ? `${round(ratio, 2)}× of bare: ${round((0.5 - ratio) * bare.requests.average, 0)} req/s short; see the latency lines for where the time goes`
            : undefined,
    });
    result.figures.push({
      key: `${t.key}_p50_ms`,
      label: `${t.label}: p50 latency`,
      value: round(r.latency.p50, 1),
      unit: "ms",
      reference: ours ? `bare ${round(bare.latency.p50, 1)} ms` : undefined,
    });
    result.figures.push({
      key: `${t.key}_serial_ms`,
      label: `${t.label}: one request at a time, median`,
      value: round(serial[t.key]!, 2),
      unit: "ms",
      reference: ours ? `bare ${round(serial.bare!, 2)} ms` : undefined,
    });
    result.figures.push({
      key: `${t.key}_p99_ms`,
      label: `${t.label}: p99 latency`,
      value: round(r.latency.p99, 1),
      unit: "ms",
      reference: ours ? `bare ${round(bare.latency.p99, 1)} ms` : undefined,
      target: ours ? "< 50 ms" : undefined,
      pass: ours ? r.latency.p99 < 50 : undefined,
      note:
        ours && r.latency.p99 >= 50
          ? `${round(r.latency.p99 - 50, 1)} ms over. With ${CONNECTIONS} connections the mean latency is ${CONNECTIONS} / throughput = ${round((CONNECTIONS / r.requests.average) * 1000, 1)} ms (Little's law), so p99 < 50 ms needs well over ${Math.round(CONNECTIONS / 0.05)} req/s; ${bare.latency.p99 >= 50 ? `the bare route misses too (p99 ${round(bare.latency.p99, 1)} ms), so most of this is Next's per-request cost and the machine, not the handler` : "the bare route meets it, so the handler's own work is the cost"}`
          : undefined,
    });
  }
  result.notes.push(
    `Upstream (simulator) calls made by the dashboard during each 10 s load: ${targets
      .filter((t) => t.key !== "simulator")
      .map((t) => `${t.label.replace(" (reference)", "")} ${upstream[t.key]}`)
      .join("; ")}.`,
    `Response sizes: ${targets.map((t) => `${t.label.replace(" (reference)", "")} ${sizes[t.key]} B`).join("; ")}.`,
    `Each target got a ${WARMUP_SECONDS} s warm-up at 16 connections first (not counted). autocannon runs in the benchmark's own Node process on the same machine, so on 2 cores the load generator and the server share the CPU: compare the ratios, not the absolute numbers.`,
  );
  const bareRuns = runs.bare ?? [];
  result.notes.push(
    `The bare route ran before and after ours: ${bareRuns.map((r) => `${Math.round(r.requests.average)} req/s, p99 ${round(r.latency.p99, 1)} ms`).join(" then ")}; its lines show the mean.`,
  );
  result.details = { sizes, upstream, serialMedianMs: serial, runs };
};
