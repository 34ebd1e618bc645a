import type { BenchContext } from "./context";
import { INFERENCE_SECONDS } from "./context";
import type { Server } from "./processes";
import { createGeneration, generationStatus } from "./seed";
import { newPolls, simStats } from "./sim-stats";
import { sleep } from "./stats";
import type { PartResult, PartRunner } from "./types";

/**
 * Part 3: N API pollers (each GET /api/generations/{id} every 250 ms, like a tab's react-query poll)
 * watch one generation from submission to its end; the simulator counts its get_result calls for that
 * task. 0 watchers is the reference: what the server's own tracker costs.
 */

const WATCHERS = [0, 1, 5, 20] as const;
const POLL_MS = 250;
/** One poll of slack for the phase of the tracker's timer against the task's end. */
const TOLERANCE = 1;

async function watch(dashUrl: string, id: string, stop: () => boolean): Promise<number> {
  let n = 0;
  while (!stop()) {
    const t = Date.now();
    const res = await fetch(`${dashUrl}/api/generations/${id}`).catch(() => null);
    if (res) await res.arrayBuffer();
    n++;
    await sleep(Math.max(0, POLL_MS - (Date.now() - t)));
  }
  return n;
}

interface Row {
  watchers: number;
  upstream: number;
  reads: number;
  ms: number;
  taskIds: string[];
}

/** One task per watcher count, created on the first instance; watchers read through every instance in turn. */
async function measure(
  simUrl: string,
  dashes: Server[],
  finetuneId: string,
  seedBase: number,
  result: PartResult,
  signal: AbortSignal,
): Promise<Row[]> {
  const first = dashes[0]!;
  const rows: Row[] = [];
  for (const n of WATCHERS) {
    await sleep(500); // let anything still in flight settle so the diff sees this task only
    const before = await simStats(simUrl);
    const t0 = Date.now();
    const id = await createGeneration(first.url, finetuneId, seedBase + n);
    let done = false;
    const watchers = Array.from({ length: n }, (_, k) =>
      watch(dashes[(k + 1) % dashes.length]!.url, id, () => done),
    );
    const deadline = Date.now() + INFERENCE_SECONDS * 1000 + 30_000;
    while (!signal.aborted && Date.now() < deadline) {
      const g = await generationStatus(first.url, id);
      if (g.status !== "Queued" && g.status !== "Pending") break;
      await sleep(100);
    }
    done = true;
    const reads = (await Promise.all(watchers)).reduce((a, b) => a + b, 0);
    const ms = Date.now() - t0;
    await sleep(1000); // a tracker poll already in flight still lands in the counters
    const polled = newPolls(before, await simStats(simUrl));
    const ids = Object.keys(polled);
    if (ids.length === 0) throw new Error(`no get_result call seen for the generation watched by ${n}`);
    // Exactly one new task was submitted; any other id polled meanwhile is listed, not counted.
    const main = ids.reduce((a, b) => ((polled[a] ?? 0) >= (polled[b] ?? 0) ? a : b));
    rows.push({ watchers: n, upstream: polled[main] ?? 0, reads, ms, taskIds: ids });
    if (ids.length > 1)
      result.notes.push(`With ${n} watchers other tasks were also polled: ${JSON.stringify(polled)}.`);
  }
  return rows;
}

function figures(rows: Row[], ref: Row, instances: number, result: PartResult): void {
  const many = instances > 1;
  for (const r of rows) {
    const isRef = r.watchers === 0 && !many;
    const grows = r.upstream > ref.upstream + TOLERANCE;
    result.figures.push({
      key: `${many ? `i${instances}_` : ""}get_result_${r.watchers}_watchers`,
      label: `${many ? `${instances} instances, ` : ""}${r.watchers} watcher${r.watchers === 1 ? "" : "s"}: get_result calls for the task`,
      value: r.upstream,
      unit: "calls",
      reference: isRef
        ? `server's own tracker; task took ${(r.ms / 1000).toFixed(1)} s`
        : `${ref.upstream} with 1 instance, 0 watchers; ${r.reads} dashboard reads`,
      target: isRef ? undefined : `≤ ${ref.upstream} + ${TOLERANCE}`,
      pass: isRef ? undefined : !grows,
      note: grows
        ? `${r.upstream - ref.upstream} more upstream calls than with no watcher: dashboard reads${many ? " or a second instance" : ""} reach BFL (${(r.upstream / Math.max(1, r.reads)).toFixed(2)} upstream calls per read)`
        : undefined,
    });
  }
}

export const runEconomy: PartRunner = async (ctx: BenchContext, result: PartResult, signal: AbortSignal) => {
  const [sim, dash, seeded] = await Promise.all([ctx.sim(), ctx.dash(), ctx.seeded()]);
  await ctx.closeExtras();
  const rows = await measure(sim.url, [dash], seeded.finetuneId, 1000, result, signal);
  const ref = rows.find((r) => r.watchers === 0) ?? rows[0]!;
  figures(rows, ref, 1, result);
  const details: Record<string, unknown> = { rows };
  if (ctx.instances > 1) {
    const dashes = await ctx.dashes();
    const many = await measure(sim.url, dashes, seeded.finetuneId, 1100, result, signal);
    figures(many, ref, ctx.instances, result);
    details[`rows_${ctx.instances}_instances`] = many;
    result.notes.push(
      `${ctx.instances} instances: separate \`next start\` processes on one DATA_DIR and one database (${ctx.database === "postgres" ? "Postgres" : "SQLite"}); the task is created on the first, watcher k reads through instance k+1 (mod ${ctx.instances}).`,
    );
  }
  result.notes.push(
    `Simulator inference time ${INFERENCE_SECONDS} s; each watcher polls every ${POLL_MS} ms from submission until the dashboard reports a terminal status. The tolerance of ${TOLERANCE} call covers where the tracker's timer happens to fall against the task's end.`,
  );
  result.details = details;
};
