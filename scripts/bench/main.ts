import os from "node:os";
import { runCompare } from "./compare-grid";
import { BenchContext } from "./context";
import { machineInfo } from "./machine";
import { runApi } from "./part-api";
import { runDataset } from "./part-dataset";
import { runEconomy } from "./part-economy";
import { runSafety } from "./part-safety";
import { runWeight } from "./part-weight";
import { build, DIST_DIR, hasBuild, stopAll } from "./processes";
import { textTable, writeDoc } from "./report";
import { PART_IDS, type PartId, type PartResult, type PartRunner } from "./types";

/**
 * `npm run bench [-- --only=api,weight] [--json] [--no-build] [--trial]`
 * Runs the parts one after another against one simulator + one production dashboard, prints the table
 * (or one JSON object with --json), and writes docs/benchmarks.md. Bounded: each part has a deadline and
 * the whole run stops before TOTAL_BUDGET_MS.
 */

const TOTAL_BUDGET_MS = 9.5 * 60_000;
const PART_BUDGET_MS: Record<PartId, number> = {
  dataset: 240_000,
  api: 180_000,
  economy: 90_000,
  safety: 120_000,
  weight: 90_000,
  compare: 120_000,
};
/** Parts that run once on 1 instance and once on N (`--instances`) get twice their budget. */
const PER_INSTANCE_COUNT: readonly PartId[] = ["economy", "safety"];

const RUNNERS: Record<PartId, PartRunner> = {
  weight: runWeight,
  api: runApi,
  economy: runEconomy,
  safety: runSafety,
  dataset: runDataset,
  compare: runCompare,
};
/** Cheap parts first, so a slow browser part cannot starve them of the time budget. */
const ORDER: PartId[] = ["weight", "api", "economy", "safety", "compare", "dataset"];

interface Args {
  only: PartId[];
  json: boolean;
  build: boolean;
  trial: boolean;
  instances: number;
  database: "sqlite" | "postgres";
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    only: [...PART_IDS],
    json: false,
    build: true,
    trial: false,
    instances: 1,
    database: "sqlite",
  };
  for (const a of argv) {
    if (a === "--json") args.json = true;
    else if (a === "--no-build") args.build = false;
    else if (a === "--trial") args.trial = true;
    else if (a.startsWith("--instances=")) {
      const n = Number(a.slice(12));
      if (!Number.isInteger(n) || n < 1 || n > 9)
        throw new Error(`--instances takes a whole number from 1 to 9; got ${JSON.stringify(a.slice(12))}`);
      args.instances = n;
    } else if (a.startsWith("--database=")) {
      const db = a.slice(11);
      if (db !== "sqlite" && db !== "postgres")
        throw new Error(`--database takes sqlite or postgres; got ${JSON.stringify(db)}`);
      args.database = db;
    } else if (a.startsWith("--only=")) {
      const ids = a.slice(7).split(",").filter(Boolean);
      const bad = ids.filter((id) => !(PART_IDS as readonly string[]).includes(id));
      if (bad.length > 0 || ids.length === 0)
        throw new Error(
          `--only takes a comma list of ${PART_IDS.join(", ")}; got ${JSON.stringify(a.slice(7))}`,
        );
      args.only = ids as PartId[];
    } else if (a === "--help" || a === "-h") {
      console.log(
        `npm run bench [-- --only=${PART_IDS.join(",")}] [--json] [--no-build] [--trial] [--instances=N] [--database=postgres]\n` +
          `  --only      run some parts (others keep their last figures in docs/benchmarks.md)\n` +
          `  --json      print the figures as one JSON object on stdout (the doc is still written)\n` +
          `  --no-build  reuse the build in ${DIST_DIR} instead of rebuilding\n` +
          `  --trial     mark the figures as trial numbers (also automatic on a busy machine)\n` +
          `  --instances parts 3 and 4 also run on N dashboards sharing one DATA_DIR, beside 1 instance\n` +
          `  --database  postgres: every dashboard on a throwaway Postgres cluster (Debian's postgresql,\n` +
          `              PG_BIN, default /usr/lib/postgresql/15/bin) instead of SQLite`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return args;
}

async function withDeadline(p: Promise<void>, ms: number, ctrl: AbortController): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl.abort();
      reject(new Error(`timed out after ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  try {
    await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  // Progress goes to stderr so that --json leaves stdout to the JSON object alone.
  const log = (line: string) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
  const machine = machineInfo();
  const busy = machine.loadAverage[0] > Math.max(1, os.availableParallelism() / 2);
  const trial = args.trial || busy;
  if (busy) log(`machine is busy (load average ${machine.loadAverage[0]}): figures are marked trial`);

  if (args.build || !hasBuild()) await build(log);
  const ctx = new BenchContext(log, args.instances, args.database);
  const results: PartResult[] = [];
  try {
    for (const id of ORDER.filter((p) => args.only.includes(p))) {
      const remaining = TOTAL_BUDGET_MS - (Date.now() - started);
      const result: PartResult = {
        part: id,
        date: new Date().toISOString(),
        durationMs: 0,
        figures: [],
        notes:
          args.database === "postgres"
            ? ["Dashboards on Postgres (a throwaway local cluster, `--database=postgres`), not SQLite."]
            : [],
        trial,
        machine,
      };
      const t0 = Date.now();
      log(`part ${id} ...`);
      const ctrl = new AbortController();
      try {
        if (remaining < 15_000) throw new Error("skipped: the run's time budget is spent");
        await withDeadline(
          RUNNERS[id](ctx, result, ctrl.signal),
          Math.min(
            PART_BUDGET_MS[id] * (args.instances > 1 && PER_INSTANCE_COUNT.includes(id) ? 2 : 1),
            remaining,
          ),
          ctrl,
        );
      } catch (err) {
        result.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
        log(`part ${id} failed: ${result.error.split("\n").slice(0, 3).join(" | ")}`);
      }
      result.durationMs = Date.now() - t0;
      result.loadAtEnd = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
      // The benchmark itself keeps every core busy (server, load generator, browser processes): only a
      // load well past that means a neighbour was competing.
      if (result.loadAtEnd > 2 * os.availableParallelism() + 1) result.trial = true;
      results.push(result);
    }
  } finally {
    await ctx.close();
    await stopAll();
  }
  const merged = writeDoc(results);
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ date: new Date(started).toISOString(), machine, trial, parts: Object.fromEntries(results.map((r) => [r.part, r])) }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      `${textTable(results)}\n\nWritten to docs/benchmarks.md (${Object.keys(merged).length} parts).\n`,
    );
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // Missed targets are results, not failures; only a part that could not finish fails the run.
  return results.some((r) => r.error) ? 1 : 0;
}

const onSignal = (sig: NodeJS.Signals) => {
  process.stderr.write(`\n[bench] ${sig}: stopping the processes it started\n`);
  void stopAll().finally(() => process.exit(130));
};
process.once("SIGINT", onSignal);
process.once("SIGTERM", onSignal);
// Children outlive a crashed parent: stop them before dying of anything unexpected.
const onCrash = (err: unknown) => {
  process.stderr.write(
    `[bench] crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  void stopAll().finally(() => process.exit(2));
};
process.once("uncaughtException", onCrash);
process.once("unhandledRejection", onCrash);

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    process.stderr.write(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await stopAll();
    process.exit(2);
  },
);
