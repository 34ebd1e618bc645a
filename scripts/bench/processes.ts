import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startPostgres } from "../../tests/helpers/postgres";

/**
 * Every process the benchmark starts goes through here and is tracked from the moment it is spawned
 * (also one that never becomes ready), so `stopAll()` (at the end, on Ctrl-C, on a crash) ends each of
 * them by its PID. Temporary data folders go with them.
 */

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-bench";

const running = new Set<() => Promise<void>>();
/** Stopped after everything in `running`: the database the dashboards use. */
const runningLast = new Set<() => Promise<void>>();

/** The benchmark's own port ranges (dashboards 3800-3899, simulators 4800-4899), so parallel work never collides. */
const PORTS = { dashboard: [3800, 3899], simulator: [4800, 4899] } as const;

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function portIn([lo, hi]: readonly [number, number]): Promise<number> {
  const start = lo + Math.floor(Math.random() * (hi - lo + 1));
  for (let i = 0; i <= hi - lo; i++) {
    const port = lo + ((start - lo + i) % (hi - lo + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${lo}-${hi}`);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((stop) => stop().catch(() => undefined)));
  await Promise.all([...runningLast].map((stop) => stop().catch(() => undefined)));
}

/**
 * `--database=postgres`: a throwaway Postgres cluster (Debian's postgresql, as the tests start it:
 * tests/helpers/postgres.ts) with one database; returns the env that puts a dashboard on it. Stopped by
 * `stopAll()` after the dashboards.
 */
export async function postgresDatabase(): Promise<Record<string, string>> {
  const cluster = await startPostgres();
  const stop = async () => {
    runningLast.delete(stop);
    await cluster.stop();
  };
  runningLast.add(stop);
  return {
    DATABASE_URL: await cluster.createDatabase("bench"),
    SESSION_SECRET: randomBytes(32).toString("hex"),
  };
}

export interface Server {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
  dispose: () => Promise<void>;
}

function start(name: string, args: string[], env: Record<string, string>, dataDir: string | null) {
  // BENCH_CPU_PROF=<dir>: each process writes a V8 CPU profile there when it exits (open in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const proc = spawn(process.execPath, [...prof, ...args], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const stop = () =>
    new Promise<void>((resolve) => {
      running.delete(stop);
      const done = () => {
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        resolve();
      };
      if (proc.exitCode !== null || proc.signalCode !== null) return done();
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      proc.once("exit", () => {
        clearTimeout(timer);
        done();
      });
      proc.kill("SIGTERM");
    });
  running.add(stop);
  return { proc, output: () => out, stop, name };
}

async function ready(url: string, p: ReturnType<typeof start>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (p.proc.exitCode !== null) break;
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  await p.stop();
  throw new Error(`${p.name} did not become ready at ${url}:\n${p.output().slice(-3000)}`);
}

export async function simulator(env: Record<string, string>): Promise<Server> {
  const port = await portIn(PORTS.simulator);
  const dataDir = mkdtempSync(path.join(tmpdir(), "fts-bench-sim-"));
  const p = start(
    "simulator",
    ["--import", "tsx", "lib/simulator/main.ts"],
    { SIMULATOR_PORT: String(port), SIMULATOR_HOST: "127.0.0.1", SIMULATOR_DATA_DIR: dataDir, ...env },
    dataDir,
  );
  const url = `http://127.0.0.1:${port}`;
  await ready(`${url}/_simulator/health`, p, 30_000);
  return { url, dataDir, proc: p.proc, output: p.output, dispose: p.stop };
}

/**
 * `next start` on the benchmark's build (which has the bare comparison route). `sharedDataDir`:
 * another instance's DATA_DIR (one database and one image folder for several instances).
 */
export async function dashboard(
  bflUrl: string,
  env: Record<string, string> = {},
  sharedDataDir?: string,
): Promise<Server> {
  const port = await portIn(PORTS.dashboard);
  const dataDir = sharedDataDir ?? mkdtempSync(path.join(tmpdir(), "fts-bench-dash-"));
  const p = start(
    "dashboard",
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      NEXT_DIST_DIR: DIST_DIR,
      DATA_DIR: dataDir,
      BFL_API_URL: bflUrl,
      PORT: String(port),
      ...env,
    },
    // A shared folder belongs to the first instance: only its own stop removes it.
    sharedDataDir ? null : dataDir,
  );
  const url = `http://127.0.0.1:${port}`;
  await ready(`${url}/api/health`, p, 60_000);
  return { url, dataDir, proc: p.proc, output: p.output, dispose: p.stop };
}

/** `next build` into `.next-bench` (never the default `.next` others use). */
export async function build(log: (line: string) => void): Promise<void> {
  log(`building the production app into ${DIST_DIR} ...`);
  const started = Date.now();
  const p = start(
    "next build",
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"],
    {
      NEXT_DIST_DIR: DIST_DIR,
      // Adds the reference route app/api/bench/bare/route.bench.ts (never in the app's own build).
      BENCH_BUILD: "1",
    },
    null,
  );
  const code = await new Promise<number | null>((resolve) => p.proc.once("exit", (c) => resolve(c)));
  await p.stop();
  if (code !== 0) {
    const errors = p
      .output()
      .split("\n")
      .filter((l) => /error|Error|Failed/.test(l))
      .slice(0, 12)
      .join("\n");
    throw new Error(`next build failed (exit ${code}); fix the build or rerun with --no-build:\n${errors}`);
  }
  log(`build done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export function hasBuild(): boolean {
  const id = path.join(ROOT, DIST_DIR, "BUILD_ID");
  return existsSync(id) && statSync(id).isFile();
}
