import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { databaseNameFor } from "./postgres-names";
import { startS3rver } from "./s3rver";
import { freePort, tempDir } from "./sandbox";

export { freePort, tempDir };

/**
 * Real processes for API tests: the BFL simulator and the dashboard (`next start` on the build that
 * `npm test` made). Each gets a free loopback port and a temporary data folder; `stop()` kills by PID.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningServer {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the process printed (stdout and stderr). */
  output: () => string;
  /** SIGTERM (or the given signal) and wait for exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

async function waitFor(url: string, proc: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null)
      throw new Error(`process exited (${proc.exitCode}) before ready:\n${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${url}:\n${output()}`);
}

function launch(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): { proc: ChildProcess; output: () => string } {
  const proc = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  return { proc, output: () => out };
}

function stopper(proc: ChildProcess) {
  return (signal: NodeJS.Signals = "SIGTERM") =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      proc.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill(signal);
    });
}

export interface SimulatorOptions {
  port?: number;
  /** `beta` (default: the 2024-2025 finetuning beta) or `live` (BFL today); docs/simulator.md. */
  profile?: "beta" | "live";
  dataDir?: string;
  env?: Record<string, string>;
}

export async function startSimulator(
  opts: SimulatorOptions = {},
): Promise<RunningServer & { dataDir: string }> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? tempDir("sim");
  const { proc, output } = launch(process.execPath, ["--import", "tsx", "lib/simulator/main.ts"], {
    SIMULATOR_PORT: String(port),
    SIMULATOR_HOST: "127.0.0.1",
    SIMULATOR_DATA_DIR: dataDir,
    SIMULATOR_PROFILE: opts.profile ?? "beta",
    ...opts.env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/_simulator/health`, proc, output, 30_000);
  return { url, port, proc, output, dataDir, stop: stopper(proc) };
}

export interface DashboardOptions {
  port?: number;
  dataDir?: string;
  /** Simulator (or BFL stand-in) base URL. */
  bflUrl: string;
  env?: Record<string, string>;
  /** The path that answers 2xx once the dashboard is up (default /api/health). */
  readyPath?: string;
}

/** True when the API suite runs against Postgres (TEST_DATABASE=postgres, tests/helpers/postgres-setup.ts). */
export const onPostgres = Boolean(process.env.TEST_PG_ADMIN_URL);

/**
 * On a Postgres run, the database of a data folder: one per DATA_DIR, so a test that restarts its
 * dashboard on the same folder finds its rows again, as it would in studio.db.
 */
async function postgresEnv(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Record<string, string>> {
  return "DATABASE_URL" in env ? {} : postgresEnvFor(dataDir);
}

/**
 * On a Postgres run, the env (DATABASE_URL, the shared SESSION_SECRET) of the database named after `key`,
 * created if missing: dashboards given it share one database whatever their DATA_DIR. `{}` on SQLite.
 */
export async function postgresEnvFor(key: string): Promise<Record<string, string>> {
  const admin = process.env.TEST_PG_ADMIN_URL;
  if (!admin) return {};
  const name = databaseNameFor(key);
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    if ((err as { code?: string }).code !== "42P04") throw err; // 42P04: it exists (a restart)
  } finally {
    await client.end();
  }
  return { DATABASE_URL: databaseUrlFor(key, admin), SESSION_SECRET: "api-tests-shared-session-secret" };
}

/** The Postgres URL the dashboards of `dataDir` use on a Postgres run. */
export function databaseUrlFor(dataDir: string, admin = process.env.TEST_PG_ADMIN_URL ?? ""): string {
  const url = new URL(admin);
  url.pathname = `/${databaseNameFor(dataDir)}`;
  return url.toString();
}

/**
 * `TEST_STORAGE=s3` runs every dashboard on an S3-compatible bucket (its own s3rver, keeping objects in
 * `<dataDir>-s3`, so a restart on the same DATA_DIR finds them again) instead of files in DATA_DIR.
 */
export async function startDashboard(opts: DashboardOptions): Promise<RunningServer & { dataDir: string }> {
  const dataDir = opts.dataDir ?? tempDir("dash");
  if (process.env.TEST_STORAGE === "s3" && !opts.env?.S3_BUCKET) {
    const s3 = await startS3rver({ dir: `${dataDir}-s3` });
    const dash = await startDashboard({ ...opts, dataDir, env: { ...s3.env, ...opts.env } }).catch(
      async (err: unknown) => {
        await s3.stop();
        throw err;
      },
    );
    const stopDash = dash.stop;
    return { ...dash, stop: (signal) => stopDash(signal).then(s3.stop) };
  }
  const port = opts.port ?? (await freePort());
  const database = await postgresEnv(dataDir, opts.env);
  const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");
  const { proc, output } = launch(
    process.execPath,
    [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      DATA_DIR: dataDir,
      BFL_API_URL: opts.bflUrl,
      PORT: String(port),
      ...database,
      ...opts.env,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}${opts.readyPath ?? "/api/health"}`, proc, output, 60_000);
  return { url, port, proc, output, dataDir, stop: stopper(proc) };
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-s3`, { recursive: true, force: true }); // TEST_STORAGE=s3's bucket folder
}

/** Stop servers in the order given (dashboards before the simulators they poll), then remove their data. */
export async function stopServers(...servers: ((RunningServer & { dataDir: string }) | undefined)[]) {
  const started = servers.filter((s) => s !== undefined);
  for (const s of started) await s.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) removeDir(dir);
}

export type Server = RunningServer & { dataDir: string };

/**
 * Independent servers started at once: on a loaded 2-core machine two cold starts side by side take
 * about as long as one. Every start is awaited, so when one fails none is left running unseen: the
 * others are stopped and the first error is thrown.
 */
export async function startTogether<T extends Promise<Server>[]>(
  starts: [...T],
): Promise<{ [K in keyof T]: Server }> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  const servers = settled.map((s) => (s.status === "fulfilled" ? s.value : undefined));
  if (failed) {
    await stopServers(...servers);
    throw failed.reason;
  }
  return servers as { [K in keyof T]: Server };
}

/** Simulators and dashboards a test or a file starts itself; `stopAll()` stops them by PID, newest first. */
export class OwnServers {
  private readonly started: Server[] = [];

  private async track(started: Promise<Server>): Promise<Server> {
    const s = await started;
    this.started.push(s);
    return s;
  }

  simulator(opts: SimulatorOptions = {}): Promise<Server> {
    return this.track(startSimulator(opts));
  }

  dashboard(opts: DashboardOptions): Promise<Server> {
    return this.track(startDashboard(opts));
  }

  /** Dashboards poll their simulators, so the newest (a dashboard) stops first. */
  stopAll(): Promise<void> {
    return stopServers(...this.started.splice(0).reverse());
  }
}
