import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bindAddress, isLoopbackHost, sharedSecretProblem, startupProblem } from "@/lib/server/startup-check";
import { freePort, removeDir, tempDir } from "../helpers/servers";

/** The dashboard refuses to listen beyond loopback without a password, and says how to fix it. */

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("startup policy (pure)", () => {
  it("knows loopback addresses", () => {
    for (const h of [
      "127.0.0.1",
      "127.8.9.10",
      "::1",
      "[::1]",
      "localhost",
      "LOCALHOST",
      "::ffff:127.0.0.1",
      "0:0:0:0:0:0:0:1",
    ]) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of [
      "0.0.0.0",
      "::",
      "192.168.1.5",
      "10.0.0.1",
      "example.com",
      "128.0.0.1",
      "::ffff:10.0.0.1",
      "",
    ]) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });

  it("reads the bind address as the launcher does: next's last -H, else every interface; else HOSTNAME, HOST", () => {
    const next = ["node", "/x/node_modules/next/dist/bin/next", "start"];
    const host = (argv: string[], env: Record<string, string> = {}) => bindAddress(argv, env).host;
    expect(host([...next, "-H", "127.0.0.1"], { HOST: "0.0.0.0" })).toBe("127.0.0.1");
    expect(host(["node", "next", "start", "--hostname=::1"])).toBe("::1");
    expect(host([...next, "-p", "3000"], { HOST: "127.0.0.1" })).toBe("0.0.0.0");
    // `npm start -- -H 0.0.0.0`: the script's own -H comes first, Next takes the last one.
    expect(host([...next, "-p", "3000", "-H", "127.0.0.1", "-H", "0.0.0.0"])).toBe("0.0.0.0");
    expect(host([...next, "-H", "127.0.0.1", "--hostname", "10.0.0.2"])).toBe("10.0.0.2");
    expect(host([...next, "-H0.0.0.0"])).toBe("0.0.0.0");
    expect(bindAddress([...next, "-p", "3000", "--port=4000"], {}).port).toBe("4000");
    expect(host(["node", "server.js"], { HOSTNAME: "0.0.0.0", HOST: "127.0.0.1" })).toBe("0.0.0.0");
    expect(host(["node", "scripts/start.ts"], { HOST: "192.168.0.2" })).toBe("192.168.0.2");
    expect(host(["node", "server.js"], {})).toBe("0.0.0.0");
  });

  it("refuses only a non-loopback address without a password", () => {
    expect(startupProblem("127.0.0.1", undefined)).toBeNull();
    expect(startupProblem("0.0.0.0", "a password")).toBeNull();
    const msg = startupProblem("0.0.0.0", undefined) ?? "";
    expect(msg).toContain("Refusing to start");
    expect(msg).toContain("DASHBOARD_PASSWORD");
    expect(msg).toContain("HOST=127.0.0.1");
  });
});

function runNextStart(args: string[], env: Record<string, string | undefined>) {
  return run(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", ...args], env);
}

/** Runs a command in its own process group, killed as a group (by its PID) if it does not exit. */
function run(cmd: string, args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; output: string; timedOut: boolean }>((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
    const proc = spawn(cmd, args, {
      cwd: ROOT,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    proc.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    proc.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => {
      if (proc.pid) process.kill(-proc.pid, "SIGKILL");
      resolve({ code: null, output, timedOut: true });
    }, 45_000);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut: false });
    });
  });
}

describe("shared database needs a shared session secret (pure)", () => {
  it("refuses DATABASE_URL without SESSION_SECRET, and only that", () => {
    const problem = sharedSecretProblem("postgres://studio@db:5432/studio", undefined);
    expect(problem).toContain("DATABASE_URL is set but SESSION_SECRET is not");
    expect(problem).toContain("Set the same SESSION_SECRET on every instance");
    expect(sharedSecretProblem("postgres://studio@db:5432/studio", "s3cret")).toBeNull();
    expect(sharedSecretProblem(undefined, undefined)).toBeNull();
  });
});

describe("startup refusal (real `next start`)", { timeout: 60_000 }, () => {
  it("DATABASE_URL without SESSION_SECRET exits 1 and says to set the same secret everywhere", async () => {
    const dataDir = tempDir("startup");
    const port = await freePort();
    const { code, output, timedOut } = await runNextStart(["-H", "127.0.0.1", "-p", String(port)], {
      DATABASE_URL: "postgres://studio@127.0.0.1:9/studio",
      SESSION_SECRET: undefined,
      DATA_DIR: dataDir,
      BFL_API_URL: "http://127.0.0.1:9",
    });
    removeDir(dataDir);
    expect(timedOut).toBe(false);
    expect(code).toBe(1);
    expect(output).toContain("Refusing to start: DATABASE_URL is set but SESSION_SECRET is not.");
  });

  it("`next start -H 0.0.0.0` without DASHBOARD_PASSWORD exits 1 explaining why and how to fix it", async () => {
    const dataDir = tempDir("startup");
    const port = await freePort();
    const { code, output, timedOut } = await runNextStart(["-H", "0.0.0.0", "-p", String(port)], {
      DASHBOARD_PASSWORD: undefined,
      DATA_DIR: dataDir,
      BFL_API_URL: "http://127.0.0.1:9",
    });
    removeDir(dataDir);
    expect(timedOut).toBe(false);
    expect(code).toBe(1);
    expect(output).toContain("Refusing to start: the dashboard would listen on 0.0.0.0");
    expect(output).toContain("set DASHBOARD_PASSWORD=");
    expect(output).toContain("HOST=127.0.0.1");
  });

  it("`npm start -- -H 0.0.0.0` (the script's -H 127.0.0.1 first, then the appended one) is refused", async () => {
    const dataDir = tempDir("startup");
    const port = await freePort();
    const { code, output, timedOut } = await run("npm", ["start", "--", "-H", "0.0.0.0"], {
      PORT: String(port),
      HOST: undefined,
      DASHBOARD_PASSWORD: undefined,
      DATA_DIR: dataDir,
      BFL_API_URL: "http://127.0.0.1:9",
    });
    removeDir(dataDir);
    expect(timedOut).toBe(false);
    expect(code).not.toBe(0);
    expect(output).toContain(`Refusing to start: the dashboard would listen on 0.0.0.0 port ${port}`);
  });

  it("`next start` without -H (next listens on every interface) is refused too", async () => {
    const dataDir = tempDir("startup");
    const port = await freePort();
    const { code, output } = await runNextStart(["-p", String(port)], {
      DASHBOARD_PASSWORD: undefined,
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      BFL_API_URL: "http://127.0.0.1:9",
    });
    removeDir(dataDir);
    expect(code).toBe(1);
    expect(output).toContain("Refusing to start");
  });
});
