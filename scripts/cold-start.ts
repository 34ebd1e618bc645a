import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { freePort, tempDir } from "../tests/helpers/sandbox";

/**
 * The dashboard's cold start, measured the way the API tests meet it: `next start` on a fresh DATA_DIR,
 * then GET /api/health until it answers 200. Prints, per run, the wall time from spawn to that 200 and the
 * CPU the server process used until then (user + system, from /proc). Build first (`npx next build`).
 *
 *   npx tsx scripts/cold-start.ts [runs=5] [--cpu-prof=DIR]
 *
 * NEXT_DIST_DIR picks another build folder. `--cpu-prof=DIR` runs the server under `node --cpu-prof`
 * (slower) and adds the profile's busy time (every sample but idle) and where it went: compiling JS
 * (wrapSafe), the app's chunks (.next/server) and node_modules.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** utime + stime of a process, in ms (fields 14 and 15 of /proc/PID/stat). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

const profDir = process.argv.find((a) => a.startsWith("--cpu-prof="))?.slice("--cpu-prof=".length);

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Busy time of a .cpuprofile, split by the frames it was spent under, in ms. */
function profileSummary(file: string): string {
  const prof = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sums = { busy: 0, compile: 0, chunks: 0, modules: 0 };
  prof.samples.forEach((id, i) => {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    if (byId.get(id)?.callFrame.functionName === "(idle)") return;
    sums.busy += dt;
    const seen = { compile: false, chunks: false, modules: false };
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url } = byId.get(cur)?.callFrame ?? { functionName: "", url: "" };
      if (functionName === "wrapSafe") seen.compile = true;
      if (url.includes("/server/chunks/") || url.includes("/server/app/")) seen.chunks = true;
      if (url.includes("/node_modules/") && !url.includes("/node_modules/next/")) seen.modules = true;
    }
    for (const k of ["compile", "chunks", "modules"] as const) if (seen[k]) sums[k] += dt;
  });
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `profile busy ${s(sums.busy)} (compiling ${s(sums.compile)}, app chunks ${s(sums.chunks)}, other node_modules ${s(sums.modules)})`;
}

async function once(): Promise<{ wallMs: number; cpuMs: number }> {
  const port = await freePort();
  const dataDir = tempDir("cold");
  const started = performance.now();
  const proc = spawn(
    process.execPath,
    [
      ...(profDir ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : []),
      path.join(ROOT, "node_modules/next/dist/bin/next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        DATA_DIR: dataDir,
        BFL_API_URL: "http://127.0.0.1:9",
      },
      stdio: "ignore",
    },
  );
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`next start exited (${proc.exitCode})`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { wallMs: performance.now() - started, cpuMs: cpuMs(proc.pid ?? 0) };
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
if (profDir) mkdirSync(profDir, { recursive: true });
const results: { wallMs: number; cpuMs: number }[] = [];
for (let i = 0; i < runs; i++) {
  const load = loadavg()[0]?.toFixed(1);
  const r = await once();
  results.push(r);
  console.log(
    `run ${i + 1}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU (load ${load})`,
  );
  if (profDir) {
    // Node writes the profile as the process ends; it can land just after the exit event.
    const profiles = () => readdirSync(profDir).filter((f) => f.endsWith(".cpuprofile"));
    for (let waited = 0; profiles().length === 0 && waited < 10_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    for (const f of profiles()) {
      console.log(`  ${profileSummary(path.join(profDir, f))}`);
      rmSync(path.join(profDir, f));
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(
  `median: ${(median(results.map((r) => r.wallMs)) / 1000).toFixed(2)} s wall, ` +
    `${(median(results.map((r) => r.cpuMs)) / 1000).toFixed(2)} s CPU over ${runs} runs`,
);
