import { type ChildProcess, spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { healthSchema } from "@/lib/api/types";
import { BFL_TODAY_KEY as KEY } from "../fixtures/bfl-today-standin";
import { startDashboard, stopServers } from "../helpers/servers";
import { call, expectError } from "./server-helpers";

/** A BFL host that accepts no connection is diagnosed in seconds, naming the host (BFL_CONNECT_TIMEOUT_MS). */

describe("a black-holed host", () => {
  let hole: ChildProcess | undefined;
  const held: Socket[] = [];
  afterAll(() => {
    for (const s of held) s.destroy();
    if (hole?.pid) process.kill(hole.pid, "SIGKILL");
  });

  /**
   * A listening socket that never accepts: a child blocks its only thread the moment it listens (before any
   * connection could be accepted); once the kernel's queue is full, SYNs are dropped.
   */
  async function blackHole(): Promise<number> {
    hole = spawn(
      process.execPath,
      [
        "-e",
        `const s = require("node:net").createServer();
         s.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
           // stdout to a pipe is synchronous on Linux: the port is out before the thread blocks, and no
           // event-loop turn (which would accept connections) runs in between.
           console.log(s.address().port);
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
         });`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const port = await new Promise<number>((r) =>
      hole?.stdout?.once("data", (d) => r(Number(String(d).trim()))),
    );
    // Fill the accept queue until a connection no longer completes.
    for (let i = 0; i < 16; i++) {
      const done = await new Promise<boolean>((r) => {
        const s = connect(port, "127.0.0.1");
        held.push(s);
        s.on("connect", () => r(true));
        s.on("error", () => r(true));
        setTimeout(() => r(false), 1_000);
      });
      if (!done) return port;
    }
    throw new Error("could not fill the black hole's accept queue");
  }

  it("gives a message naming the host within 10 s", async () => {
    const port = await blackHole();
    const d = await startDashboard({ bflUrl: `http://127.0.0.1:${port}`, env: { BFL_API_KEY: KEY } });
    try {
      const t0 = Date.now();
      const a = await call(d.url, "/api/finetunes/some-id");
      const took = Date.now() - t0;
      expectError(
        a,
        502,
        "bfl_unavailable",
        new RegExp(
          `cannot reach BFL at 127\\.0\\.0\\.1:${port} .*(accepted no connection|sent no answer) within 4 s`,
        ),
      );
      expect(took).toBeLessThan(10_000);
      const health = healthSchema.parse((await call(d.url, "/api/health")).body);
      expect(health.bfl).toMatchObject({ reachable: false, host: `127.0.0.1:${port}` });
      expect(String(health.bfl?.message)).toMatch(/BFL_API_URL/);
    } finally {
      await stopServers(d);
    }
  });
});
