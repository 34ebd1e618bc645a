import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import {
  type DashboardOptions,
  type RunningServer,
  removeDir,
  type SimulatorOptions,
  startDashboard,
  startSimulator,
} from "../../tests/helpers/servers";

/**
 * Every process the benchmark starts goes through here, so one `stopAll()` (also on Ctrl-C and on a
 * part's timeout) ends each of them by its PID. Temporary data folders are removed with them.
 */

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-bench";

interface Tracked {
  name: string;
  stop: () => Promise<void>;
}
const running = new Set<Tracked>();

function track(name: string, server: RunningServer & { dataDir: string }): Tracked {
  const t: Tracked = {
    name,
    stop: async () => {
      running.delete(t);
      await server.stop();
      removeDir(server.dataDir);
    },
  };
  running.add(t);
  return t;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((t) => t.stop().catch(() => undefined)));
}

export type Server = RunningServer & { dataDir: string; dispose: () => Promise<void> };

export async function simulator(env: Record<string, string>, opts: SimulatorOptions = {}): Promise<Server> {
  const s = await startSimulator({ ...opts, env });
  const t = track("simulator", s);
  return { ...s, dispose: t.stop };
}

export async function dashboard(
  bflUrl: string,
  env: Record<string, string> = {},
  opts: Omit<DashboardOptions, "bflUrl" | "env"> = {},
): Promise<Server> {
  const s = await startDashboard({
    ...opts,
    bflUrl,
    env: { NEXT_DIST_DIR: DIST_DIR, BENCH_BARE_ROUTE: "1", ...env },
  });
  const t = track("dashboard", s);
  return { ...s, dispose: t.stop };
}

/** `next build` into `.next-bench` (never the default `.next` others use). */
export async function build(log: (line: string) => void): Promise<void> {
  log(`building the production app into ${DIST_DIR} ...`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: ROOT,
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    proc.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const tracked: Tracked = { name: "next build", stop: async () => void proc.kill("SIGTERM") };
    running.add(tracked);
    proc.on("exit", (code) => {
      running.delete(tracked);
      if (code === 0) resolve();
      else reject(new Error(`next build failed (exit ${code}):\n${out.slice(-4000)}`));
    });
  });
  log(`build done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export function hasBuild(): boolean {
  const id = path.join(ROOT, DIST_DIR, "BUILD_ID");
  return existsSync(id) && statSync(id).isFile();
}
