import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type BenchContext, INFERENCE_SECONDS } from "./context";
import type { PartRunner } from "./main";
import type { Server } from "./processes";
import { createGeneration, generationStatus } from "./seed";
import { fmtMs, max, median, round, sleep } from "./stats";
import type { PartResult } from "./types";

/**
 * Part 4: 30 generations submitted at once (more than BFL's 24-task limit, so the dashboard queues
 * some). For each: the simulator's own Ready time (from its state file: createdAt + durationMs) to the
 * moment the image file landed in the dashboard's DATA_DIR/images (its mtime; written by rename).
 */

const COUNT = 30;
const P50_TARGET_MS = 1500;
const MAX_TARGET_MS = 3000;

interface SimTask {
  createdAt: number;
  durationMs: number;
  completedAt: number | null;
  prompt: string;
}

function simReadyTimes(simDataDir: string): Map<string, number> {
  const state = JSON.parse(readFileSync(path.join(simDataDir, "state.json"), "utf8")) as {
    tasks: Record<string, SimTask>;
  };
  const byPrompt = new Map<string, number>();
  for (const t of Object.values(state.tasks))
    byPrompt.set(t.prompt, t.completedAt ?? t.createdAt + t.durationMs);
  return byPrompt;
}

function storedAt(dataDir: string, generationId: string): number | null {
  const dir = path.join(dataDir, "images");
  const f = readdirSync(dir).find((n) => n.startsWith(`${generationId}.`) && !n.endsWith(".tmp"));
  return f ? statSync(path.join(dir, f)).mtimeMs : null;
}

interface Batch {
  delays: number[];
  problems: string[];
  wallMs: number;
  /** The most tasks unfinished at the simulator at once (its `peak_active`). */
  peakActive: number | null;
}

/** COUNT generations at once, spread over the instances in turn; each read back where it was made. */
async function batch(
  sim: Server,
  dashes: Server[],
  finetuneId: string,
  seedBase: number,
  signal: AbortSignal,
): Promise<Batch> {
  await fetch(`${sim.url}/_simulator/stats`, { method: "DELETE" });
  const seeds = Array.from({ length: COUNT }, (_, i) => seedBase + i);
  const on = (i: number) => dashes[i % dashes.length]!;
  const t0 = Date.now();
  const ids = await Promise.all(seeds.map((s, i) => createGeneration(on(i).url, finetuneId, s)));
  const statuses = new Map<string, string>();
  const deadline = Date.now() + 100_000;
  while (!signal.aborted && Date.now() < deadline) {
    const gs = await Promise.all(ids.map((id, i) => generationStatus(on(i).url, id)));
    for (const g of gs) statuses.set(g.id, g.status);
    if (gs.every((g) => g.status !== "Queued" && g.status !== "Pending")) break;
    await sleep(250);
  }
  const wallMs = Date.now() - t0;
  const ready = simReadyTimes(sim.dataDir);
  const delays: number[] = [];
  const problems: string[] = [];
  ids.forEach((id, i) => {
    const prompt = `a photo of TOK, bench ${seeds[i]}`;
    const simReady = ready.get(prompt);
    const stored = storedAt(dashes[0]!.dataDir, id);
    if (statuses.get(id) !== "Ready") problems.push(`${id}: ${statuses.get(id) ?? "unknown"}`);
    else if (simReady === undefined) problems.push(`${id}: not found in the simulator's state`);
    else if (stored === null) problems.push(`${id}: Ready but no file in DATA_DIR/images`);
    else delays.push(stored - simReady);
  });
  const stats = (await (await fetch(`${sim.url}/_simulator/stats`)).json()) as { peak_active?: unknown };
  const peakActive = typeof stats.peak_active === "number" ? stats.peak_active : null;
  return { delays, problems, wallMs, peakActive };
}

function figures(b: Batch, instances: number, result: PartResult): void {
  const many = instances > 1;
  const key = (k: string) => (many ? `i${instances}_${k}` : k);
  const label = (l: string) => (many ? `${instances} instances, ${l}` : l);
  const p50 = median(b.delays);
  const worst = max(b.delays);
  result.figures.push(
    {
      key: key("stored"),
      label: label("images stored"),
      value: b.delays.length,
      unit: `of ${COUNT}`,
      target: `all ${COUNT}`,
      pass: b.delays.length === COUNT,
      note: b.problems.length > 0 ? b.problems.slice(0, 5).join("; ") : undefined,
    },
    {
      key: key("p50_ms"),
      label: label("simulator Ready → image in DATA_DIR: p50"),
      value: round(p50, 0),
      unit: "ms",
      target: "< 1.5 s",
      pass: p50 !== null && p50 < P50_TARGET_MS,
      note:
        p50 !== null && p50 >= P50_TARGET_MS
          ? `${fmtMs(p50 - P50_TARGET_MS)} over: the delay is mostly the tracker's poll interval for images plus the download`
          : undefined,
    },
    {
      key: key("max_ms"),
      label: label("simulator Ready → image in DATA_DIR: max"),
      value: round(worst, 0),
      unit: "ms",
      target: "< 3 s",
      pass: worst !== null && worst < MAX_TARGET_MS,
      note:
        worst !== null && worst >= MAX_TARGET_MS
          ? `${fmtMs(worst - MAX_TARGET_MS)} over: likely the tracker's backoff or serialised downloads when many finish together`
          : undefined,
    },
    {
      key: key("peak_active"),
      label: label("most tasks active at BFL at once"),
      value: b.peakActive,
      unit: "tasks",
      target: "≤ 24",
      pass: b.peakActive !== null && b.peakActive <= 24,
    },
  );
  result.notes.push(
    `${label(`${COUNT} generations submitted at once`)}; all finished in ${fmtMs(b.wallMs)} (simulator inference ${INFERENCE_SECONDS} s each, BFL's 24-task limit applies). Delays (ms, sorted): ${[
      ...b.delays,
    ]
      .sort((x, y) => x - y)
      .map((d) => Math.round(d))
      .join(", ")}.`,
  );
}

export const runSafety: PartRunner = async (ctx: BenchContext, result: PartResult, signal: AbortSignal) => {
  const [sim, dash, seeded] = await Promise.all([ctx.sim(), ctx.dash(), ctx.seeded()]);
  await ctx.closeExtras();
  const one = await batch(sim, [dash], seeded.finetuneId, 5000, signal);
  figures(one, 1, result);
  const details: Record<string, unknown> = { ...one };
  if (ctx.instances > 1) {
    const many = await batch(sim, await ctx.dashes(), seeded.finetuneId, 5100, signal);
    figures(many, ctx.instances, result);
    details[`instances_${ctx.instances}`] = many;
  }
  result.details = details;
};
