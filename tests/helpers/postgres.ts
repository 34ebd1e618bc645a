import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./sandbox";

/**
 * A throwaway Postgres cluster for tests: Debian's postgresql package (PG_BIN, default
 * /usr/lib/postgresql/15/bin), `initdb` into a temp folder, started on a free loopback port (as the
 * `postgres` user when running as root, since Postgres refuses to run as root), trust auth, stopped
 * by the postmaster's PID. Each test file gets its own database (`createDatabase`).
 */

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const USER = "studio";

export function postgresAvailable(): boolean {
  return existsSync(path.join(PG_BIN, "initdb")) && existsSync(path.join(PG_BIN, "pg_ctl"));
}

export interface PostgresCluster {
  /** postgres://studio@127.0.0.1:PORT/postgres — the maintenance database. */
  adminUrl: string;
  port: number;
  /** A new empty database; returns its URL. */
  createDatabase: (name: string) => Promise<string>;
  stop: () => Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** Run a Postgres binary, as the `postgres` user when we are root. */
function pgRun(bin: string, args: string[]): string {
  const full = path.join(PG_BIN, bin);
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", full, ...args]] : [full, args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function ownedByPostgres(dir: string): void {
  if (!asRoot) return;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  chownSync(dir, uid, gid);
}

export async function startPostgres(opts: { port?: number } = {}): Promise<PostgresCluster> {
  if (!postgresAvailable())
    throw new Error(`Postgres binaries not found in ${PG_BIN} (apt-get install postgresql)`);
  const root = mkdtempSync(path.join(tmpdir(), "fts-pg-"));
  ownedByPostgres(root);
  const dataDir = path.join(root, "data");
  pgRun("initdb", ["-D", dataDir, "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync"]);
  const port = opts.port ?? (Number(process.env.TEST_PG_PORT || 0) || (await freePort()));
  const log = path.join(root, "log");
  // fsync off: a throwaway cluster needs no durability, and the 2-core machines are shared.
  pgRun("pg_ctl", [
    "-D",
    dataDir,
    "-o",
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`,
    "-l",
    log,
    "-w",
    "-t",
    "60",
    "start",
  ]);
  const pid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const adminUrl = `postgres://${USER}@127.0.0.1:${port}/postgres`;

  const createDatabase = async (name: string): Promise<string> => {
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe database name: ${name}`);
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return `postgres://${USER}@127.0.0.1:${port}/${name}`;
  };

  const stop = async () => {
    try {
      process.kill(pid, "SIGINT"); // Postgres' "fast" shutdown
    } catch {
      // already gone
    }
    for (let i = 0; i < 600 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    if (alive(pid)) process.kill(pid, "SIGKILL");
    rmSync(root, { recursive: true, force: true });
  };
  return { adminUrl, port, createDatabase, stop };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
