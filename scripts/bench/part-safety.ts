import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type BenchContext, INFERENCE_SECONDS } from "./context";
import type { PartRunner } from "./main";
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

export const runSafety: PartRunner = async (ctx: BenchContext, result: PartResult, signal: AbortSignal) => {
  const [sim, dash, seeded] = await Promise.all([ctx.sim(), ctx.dash(), ctx.seeded()]);
  const seeds = Array.from({ length: COUNT }, (_, i) => 5000 + i);
  const t0 = Date.now();
  const ids = await Promise.all(seeds.map((s) => createGeneration(dash.url, seeded.finetuneId, s)));
  const statuses = new Map<string, string>();
  const deadline = Date.now() + 100_000;
  while (!signal.aborted && Date.now() < deadline) {
    const gs = await Promise.all(ids.map((id) => generationStatus(dash.url, id)));
    for (const g of gs) statuses.set(g.id, g.status);
    if (gs.every((g) => g.status !== "Queued" && g.status !== "Pending")) break;
    await sleep(250);
  }
  const wall = Date.now() - t0;
  const ready = simReadyTimes(sim.dataDir);
  const delays: number[] = [];
  const problems: string[] = [];
  ids.forEach((id, i) => {
    const prompt = `a photo of TOK, bench ${seeds[i]}`;
    const simReady = ready.get(prompt);
    const stored = storedAt(dash.dataDir, id);
    if (statuses.get(id) !== "Ready") problems.push(`${id}: ${statuses.get(id) ?? "unknown"}`);
    else if (simReady === undefined) problems.push(`${id}: not found in the simulator's state`);
    else if (stored === null) problems.push(`${id}: Ready but no file in DATA_DIR/images`);
    else delays.push(stored - simReady);
  });
  const p50 = median(delays);
  const worst = max(delays);
  result.figures.push(
    {
      key: "stored",
      label: "images stored",
      value: delays.length,
      unit: `of ${COUNT}`,
      target: `all ${COUNT}`,
      pass: delays.length === COUNT,
      note: problems.length > 0 ? problems.slice(0, 5).join("; ") : undefined,
    },
    {
      key: "p50_ms",
      label: "simulator Ready → image in DATA_DIR: p50",
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
      key: "max_ms",
      label: "simulator Ready → image in DATA_DIR: max",
      value: round(worst, 0),
      unit: "ms",
      target: "< 3 s",
      pass: worst !== null && worst < MAX_TARGET_MS,
      note:
        worst !== null && worst >= MAX_TARGET_MS
          ? `${fmtMs(worst - MAX_TARGET_MS)} over: likely the tracker's backoff or serialised downloads when many finish together`
          : undefined,
    },
  );
  result.notes.push(
    `${COUNT} generations submitted at once; all finished in ${fmtMs(wall)} (simulator inference ${INFERENCE_SECONDS} s each, BFL's 24-task limit applies). Delays (ms, sorted): ${[
      ...delays,
    ]
      .sort((a, b) => a - b)
      .map((d) => Math.round(d))
      .join(", ")}.`,
  );
  result.details = { delays, problems, wallMs: wall };
};
