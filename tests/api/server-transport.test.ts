import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { freePort } from "../helpers/servers";

/**
 * The BFL transport against an upstream that closes idle keep-alive sockets behind the client's back
 * (the race that turned a load test red): a create must never be reported "may or may not have started"
 * when BFL never read it, and must never be sent twice when BFL did read it.
 */

let upstream: ChildProcess;
let base: string;
type Transport = typeof import("@/lib/server/bfl-transport");
type Errors = typeof import("@/lib/server/errors");
let transport: Transport;
let errors: Errors;

beforeAll(async () => {
  upstream = spawn(process.execPath, [path.join(import.meta.dirname, "../fixtures/closing-upstream.mjs")]);
  const port = await new Promise<string>((resolve, reject) => {
    upstream.once("exit", (code) => reject(new Error(`upstream exited ${code}`)));
    upstream.stdout?.on("data", (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m?.[1]) resolve(m[1]);
    });
  });
  base = `http://127.0.0.1:${port}`;
  process.env.BFL_API_URL = base;
  process.env.BFL_TIMEOUT_MS = "5000";
  transport = await import("@/lib/server/bfl-transport");
  errors = await import("@/lib/server/errors");
});

afterAll(() => {
  upstream?.kill();
});

const idSchema = z.object({ id: z.string() });
const seen = async () => ((await (await fetch(`${base}/count`)).json()) as { seen: number }).seen;
const create = (p: string) =>
  transport.bflCall({ method: "POST", path: p, body: {}, schema: idSchema, kind: "create" });
const read = (p: string) => transport.bflCall({ method: "GET", path: p, schema: idSchema, kind: "read" });

/** Keep this process busy (as a loaded machine does) while the upstream closes the idle socket. */
function blockEventLoop(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {}
}

describe("creates and idle sockets the upstream closed", () => {
  it("a create sent right after the upstream closed the idle socket is taken, once", async () => {
    const before = await seen();
    for (let i = 0; i < 5; i++) {
      await create("/close");
      await new Promise((r) => setImmediate(r));
      blockEventLoop(150); // the upstream closes the socket 30 ms after answering
      expect((await create("/close")).id).toMatch(/^task-/);
    }
    expect((await seen()) - before).toBe(10);
  });

  it("pooled reads hit that race and retry; it is real, not hypothetical", async () => {
    await read("/close");
    await new Promise((r) => setImmediate(r));
    blockEventLoop(150);
    const before = await seen();
    expect((await read("/close")).id).toMatch(/^task-/);
    expect((await seen()) - before).toBe(1);
  });

  it("a create the upstream read and then dropped is an unknown outcome and is not sent again", async () => {
    const before = await seen();
    const err = await create("/reset").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.AppError);
    expect((err as InstanceType<Errors["AppError"]>).code).toBe("bfl_unknown_outcome");
    expect((await seen()) - before).toBe(1);
  });

  it("a create whose connection is refused is tried once more, then reported as not taken", async () => {
    const closed = await freePort();
    const err = await transport
      .bflCall({
        method: "POST",
        path: "/v1/x",
        url: `http://127.0.0.1:${closed}/v1/x`,
        body: {},
        schema: idSchema,
        kind: "create",
      })
      .catch((e: unknown) => e);
    expect((err as InstanceType<Errors["AppError"]>).code).toBe("bfl_unavailable");
    expect((err as InstanceType<Errors["AppError"]>).extra.notTaken).toBe("unreachable");
  });
});

describe("answer size", () => {
  it("a 5 MB JSON answer is refused for reads and creates, not kept in memory", async () => {
    // Both run at once; each failure is caught where it starts, so neither is ever unhandled.
    const errs = await Promise.all([read("/big"), create("/big")].map((p) => p.catch((e: unknown) => e)));
    for (const err of errs) expect((err as InstanceType<Errors["AppError"]>).code).toBe("bfl_bad_response");
  });
});
