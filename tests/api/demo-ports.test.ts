import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, removeDir, tempDir } from "../helpers/servers";

/**
 * `npm run demo` with a port already taken: it refuses before building or starting anything, names the
 * port and the variable to change, and never prints its success banner (which an older demo still
 * answering on that port used to trigger).
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const held: Server[] = [];

async function hold(port: number): Promise<void> {
  const srv = createServer();
  held.push(srv);
  await new Promise<void>((resolve, reject) => {
    srv.once("error", reject);
    srv.listen(port, "127.0.0.1", () => resolve());
  });
}

function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    proc.stdout.on("data", (d: Buffer) => (output += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (output += d.toString()));
    proc.on("exit", (code) => resolve({ code, output }));
  });
}

afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe("npm run demo with a port taken", () => {
  it("names the simulator port when only that one is taken", async () => {
    const [simPort, port] = [await freePort(), await freePort()];
    await hold(simPort);
    const data = tempDir("demo");
    try {
      const { code, output } = await runDemo({
        SIMULATOR_PORT: String(simPort),
        PORT: String(port),
        DATA_DIR: data,
        // A dist folder with no build: were the ports not checked first, the demo would start building.
        NEXT_DIST_DIR: ".next-demo-ports-test",
      });
      expect(code).toBe(1);
      expect(output).toContain(`simulator port 127.0.0.1:${simPort} is already in use`);
      expect(output).toContain("SIMULATOR_PORT=");
      expect(output).not.toContain("dashboard port");
      expect(output).not.toContain("next build");
      expect(output).not.toContain("is running");
    } finally {
      removeDir(data);
    }
  }, 30_000);

  it("refuses clearly, without a success banner, when an older demo holds both ports", async () => {
    const [simPort, port] = [await freePort(), await freePort()];
    await hold(simPort);
    await hold(port);
    const data = tempDir("demo");
    try {
      const { code, output } = await runDemo({
        SIMULATOR_PORT: String(simPort),
        PORT: String(port),
        DATA_DIR: data,
        NEXT_DIST_DIR: ".next-demo-ports-test",
      });
      expect(code).toBe(1);
      expect(output).toContain(`simulator port 127.0.0.1:${simPort} is already in use`);
      expect(output).toContain(`dashboard port 127.0.0.1:${port} is already in use`);
      expect(output).toContain("PORT=");
      expect(output).not.toContain("Finetune Studio is running");
    } finally {
      removeDir(data);
    }
  }, 30_000);
});
