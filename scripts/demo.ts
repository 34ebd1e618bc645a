import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/**
 * `npm run demo`: the BFL simulator and the dashboard together, wired to each other, in one command.
 * Builds the dashboard first if there is no build yet or the sources are newer than it. Ctrl-C (or SIGTERM)
 * stops both.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const env = process.env;
const host = env.HOST || "127.0.0.1";
const port = env.PORT || "3000";
const simHost = env.SIMULATOR_HOST || "127.0.0.1";
const simPort = env.SIMULATOR_PORT || "4010";
const dataDir = env.DATA_DIR || "./data";
const distDir = env.NEXT_DIST_DIR || ".next";
const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");
const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.pid) child.kill("SIGTERM");
  const force = setTimeout(() => {
    for (const child of children) if (child.exitCode === null && child.pid) child.kill("SIGKILL");
    process.exit(code);
  }, 5_000);
  force.unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null))).then(
    () => process.exit(code),
  );
}

function start(name: string, args: string[], childEnv: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`demo: ${name} stopped (${signal ?? `exit ${code}`}); stopping the other one too.`);
      stopAll(code || 1);
    }
  });
  children.push(child);
  return child;
}

/** What `next build` compiles or is configured by; docs and tests do not change the build. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "instrumentation-client.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

/** The newest modification time under the app's source folders and configs (what a build is made of). */
function newestSourceMs(): number {
  let newest = 0;
  const visit = (p: string) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of BUILD_INPUTS) visit(path.join(ROOT, p));
  return newest;
}

/** No build yet, or one older than the sources (e.g. after a `git pull`): build before starting. */
function needsBuild(): string | null {
  const buildId = statSync(path.join(ROOT, distDir, "BUILD_ID"), { throwIfNoEntry: false });
  if (!buildId) return "no build yet";
  return newestSourceMs() > buildId.mtimeMs ? "the sources changed since the last build" : null;
}

/** Null when `host:port` can be listened on, else why not (EADDRINUSE, EACCES, ...). */
function portProblem(host: string, port: string): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    probe.listen(Number(port), host, () => probe.close(() => resolve(null)));
  });
}

/**
 * Refuse before starting anything when a port is taken: otherwise the health check could reach an older
 * demo still running there and print success for a dashboard that then crashes. Names the variable to set.
 */
async function checkPorts(): Promise<boolean> {
  const wanted = [
    { name: "simulator", variable: "SIMULATOR_PORT", host: simHost, port: simPort },
    { name: "dashboard", variable: "PORT", host, port },
  ];
  let ok = true;
  for (const w of wanted) {
    const problem = await portProblem(w.host, w.port);
    if (problem === null) continue;
    ok = false;
    const why =
      problem === "EADDRINUSE"
        ? "is already in use (an earlier `npm run demo` or another server may still be running there)"
        : `cannot be used (${problem})`;
    console.error(
      `demo: the ${w.name} port ${w.host}:${w.port} ${why}. Stop that process, or choose another port with ${w.variable}=...`,
    );
  }
  return ok;
}

async function waitUntilUp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main(): Promise<void> {
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  const baseEnv = { ...env, NEXT_TELEMETRY_DISABLED: "1" };
  if (!(await checkPorts())) process.exit(1);

  const why = needsBuild();
  if (why) {
    console.log(`demo: ${why}, running \`next build\` (1 to 2 minutes on 2 cores) ...`);
    const build = spawnSync(process.execPath, [nextBin, "build"], {
      cwd: ROOT,
      env: baseEnv,
      stdio: "inherit",
    });
    if (build.status !== 0) {
      console.error("demo: the build failed; see above.");
      process.exit(build.status ?? 1);
    }
    // The build took minutes: look again, something may have started on a port meanwhile.
    if (!(await checkPorts())) process.exit(1);
  }

  start("simulator", ["--import", "tsx", "lib/simulator/main.ts"], {
    ...baseEnv,
    SIMULATOR_HOST: simHost,
    SIMULATOR_PORT: simPort,
    SIMULATOR_DATA_DIR: env.SIMULATOR_DATA_DIR || path.join(dataDir, "simulator"),
  });
  if (!(await waitUntilUp(`http://${simHost}:${simPort}/_simulator/health`, 30_000))) {
    console.error(
      `demo: the simulator did not come up on ${simHost}:${simPort} (port taken? set SIMULATOR_PORT).`,
    );
    return stopAll(1);
  }

  // An empty key means simulator mode even if .env.local holds a real one: the demo never spends credits.
  start("dashboard", [nextBin, "start", "-p", port, "-H", host], {
    ...baseEnv,
    BFL_API_KEY: "",
    BFL_API_URL: `http://${simHost}:${simPort}`,
    DATA_DIR: dataDir,
    HOST: host,
    PORT: port,
  });
  const url = `http://${host}:${port}`;
  if (!(await waitUntilUp(`${url}/api/health`, 60_000))) {
    console.error(`demo: the dashboard did not come up on ${url} (port taken? set PORT).`);
    return stopAll(1);
  }
  console.log(
    `\nFinetune Studio is running on the BFL simulator (no credits are spent): ${url}\nCtrl-C stops both.\n`,
  );
}

void main();
