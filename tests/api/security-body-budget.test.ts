import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startDashboard, stopServers } from "../helpers/servers";
import { login, PASSWORD, postZeros, rawRequest } from "./security-helpers";

/**
 * Memory before auth: with a password set, a request body is refused from its headers before Next
 * reads it (lib/server/request-gate.ts). Measured: four parallel unauthenticated 150 MB uploads must
 * not grow the server's resident memory by 150 MB (Next's proxy buffering took it up by ~600 MB).
 */

const MB = 1024 * 1024;
let dash: RunningServer & { dataDir: string };
let cookie: string;

beforeAll(async () => {
  dash = await startDashboard({ bflUrl: "http://127.0.0.1:9", env: { DASHBOARD_PASSWORD: PASSWORD } });
  cookie = (await login(dash.url, PASSWORD)).cookie;
});

afterAll(() => stopServers(dash));

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

describe("unauthenticated bodies are refused from their headers", () => {
  it("4 parallel 150 MB uploads without a session: all 401, RSS growth under 150 MB", {
    timeout: 120_000,
  }, async () => {
    const pid = dash.proc.pid ?? 0;
    const before = rssBytes(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssBytes(pid));
    }, 20);
    const started = Date.now();
    let results: { status: number; body: string }[];
    try {
      results = await Promise.all(
        Array.from({ length: 4 }, () =>
          postZeros(`${dash.url}/api/finetunes`, 150 * MB, {
            "content-type": "multipart/form-data; boundary=x",
          }),
        ),
      );
    } finally {
      clearInterval(sampler);
    }
    const elapsed = Date.now() - started;
    peak = Math.max(peak, rssBytes(pid));
    for (const r of results) {
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ code: "unauthorized" });
    }
    const growthMb = (peak - before) / MB;
    console.log(`[figure] 4 x 150 MB unauthenticated: RSS growth ${growthMb.toFixed(1)} MB, ${elapsed} ms`);
    expect(growthMb).toBeLessThan(150);
  });

  it("a forged session cookie, a page path and a chunked body are refused the same way", async () => {
    const forged = await postZeros(`${dash.url}/api/finetunes`, 20 * MB, { cookie: "fts_session=1.abc.def" });
    expect(forged.status).toBe(401);
    const page = await postZeros(`${dash.url}/gallery`, 20 * MB, { "next-action": "x" });
    expect(page.status).toBe(401);
    expect(page.body).toContain("Log in first");
    const chunked = await rawRequest(`${dash.url}/api/generations`, {
      method: "POST",
      headers: { "transfer-encoding": "chunked", "content-type": "application/json" },
      body: "{}",
    });
    expect(chunked.status).toBe(401);
  });

  it("the login accepts only a small body with a declared length", async () => {
    const big = await postZeros(`${dash.url}/api/auth/login`, 2 * MB, { "content-type": "application/json" });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).message).toBe("The request is larger than 16 kB, the most a login may be.");
    const chunked = await rawRequest(`${dash.url}/api/auth/login`, {
      method: "POST",
      headers: { "transfer-encoding": "chunked", "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(chunked.status).toBe(411);
    expect(JSON.parse(chunked.body).code).toBe("length_required");
  });

  it("BFL's webhook route takes a body of at most 1 MB with a declared length, and no session", async () => {
    const url = `${dash.url}/api/webhooks/bfl/00000000-0000-4000-8000-000000000000`;
    const small = await rawRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "t", status: "Ready", result: null }),
    });
    // Past the gate and the proxy: the route refuses it for want of the task's secret.
    expect(small.status, small.body).toBe(401);
    expect(JSON.parse(small.body).message).toMatch(/secret sent for this task/);
    const big = await postZeros(url, 2 * MB, { "content-type": "application/json" });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).message).toBe("The request is larger than 1 MB, the most a webhook may be.");
    const chunked = await rawRequest(url, {
      method: "POST",
      headers: { "transfer-encoding": "chunked", "content-type": "application/json" },
      body: "{}",
    });
    expect(chunked.status).toBe(411);
    // Only the route itself is open: a deeper path is refused as any other body without a session.
    const deeper = await postZeros(`${url}/x`, 1024, { "content-type": "application/json" });
    expect(deeper.status).toBe(401);
    expect(JSON.parse(deeper.body).message).toContain("Log in first");
  });

  it("with a session, a large body still reaches its route, which reads it against its own budget", async () => {
    const res = await postZeros(`${dash.url}/api/finetunes`, 20 * MB, {
      cookie,
      "content-type": "multipart/form-data; boundary=x",
    });
    // The route read all 20 MB and found no valid multipart form in it: not a gate refusal.
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).message).toBe("The multipart form could not be parsed.");
  });
});
