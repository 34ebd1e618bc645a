import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startDashboard, stopServers } from "../helpers/servers";
import { login, PASSWORD, rawRequest } from "./security-helpers";

/**
 * DNS rebinding: a page on a domain made to resolve to 127.0.0.1 sends its own name as Host. Every
 * page, API route and static file answers only to loopback names, IP literals and ALLOWED_HOSTS.
 */

let open: RunningServer & { dataDir: string };
let locked: RunningServer & { dataDir: string };

beforeAll(async () => {
  [open, locked] = await Promise.all([
    startDashboard({ bflUrl: "http://127.0.0.1:9" }),
    startDashboard({
      bflUrl: "http://127.0.0.1:9",
      env: {
        DASHBOARD_PASSWORD: PASSWORD,
        ALLOWED_HOSTS: "studio.example.com, Other.Example:8443",
        PUBLIC_URL: "https://Hooks.Example.net/studio",
      },
    }),
  ]);
});

afterAll(() => stopServers(open, locked));

async function staticAsset(base: string): Promise<string> {
  const html = await (await fetch(`${base}/login`)).text();
  const src = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(src).toBeDefined();
  return src ?? "";
}

describe("Host allow-list", () => {
  it("a rebinding host is refused with 421 on pages, API (reads and writes) and static files", async () => {
    const asset = await staticAsset(open.url);
    const evil = `rebind.evil.example:${open.port}`;
    const cases = [
      ["GET", "/"],
      ["GET", "/gallery"],
      ["GET", "/api/health"],
      ["GET", "/api/finetunes"],
      ["POST", "/api/generations"],
      ["DELETE", "/api/finetunes/abc"],
      ["GET", asset],
      ["GET", "/favicon.ico"],
    ] as const;
    for (const [method, path] of cases) {
      const res = await rawRequest(`${open.url}${path}`, {
        method,
        headers: { host: evil, origin: `http://${evil}`, "content-type": "application/json" },
        body: method === "POST" ? "{}" : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(421);
      const api = path.startsWith("/api");
      const message = api ? JSON.parse(res.body).message : res.body;
      expect(message, path).toContain(`does not answer to the host name "${evil}"`);
      expect(message, path).toContain("ALLOWED_HOSTS");
      if (api) expect(JSON.parse(res.body).code).toBe("host_not_allowed");
    }
  });

  it("loopback names and IP literals are served; so is a forged X-Forwarded-Host only if allowed", async () => {
    for (const host of [
      `127.0.0.1:${open.port}`,
      `localhost:${open.port}`,
      "[::1]:3000",
      "10.0.0.7",
      "LOCALHOST",
    ]) {
      const res = await rawRequest(`${open.url}/api/health`, { headers: { host } });
      expect(res.status, host).toBe(200);
    }
    for (const host of ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "a b", "::1"]) {
      const res = await rawRequest(`${open.url}/api/health`, { headers: { host } });
      expect(res.status, JSON.stringify(host)).toBe(421);
    }
    const forwarded = await rawRequest(`${open.url}/api/health`, {
      headers: { host: `127.0.0.1:${open.port}`, "x-forwarded-host": "rebind.evil.example" },
    });
    expect(forwarded.status).toBe(421);
  });

  it("ALLOWED_HOSTS names (any case, with or without a port) are served, and still need a login", async () => {
    for (const host of ["studio.example.com", "STUDIO.example.com:443", "other.example:8443"]) {
      const health = await rawRequest(`${locked.url}/api/health`, { headers: { host } });
      expect(health.status, host).toBe(200);
      const page = await rawRequest(`${locked.url}/gallery`, { headers: { host } });
      expect(page.status, host).toBe(303);
    }
    const { cookie } = await login(locked.url, PASSWORD);
    const behindProxy = await rawRequest(`${locked.url}/api/finetunes`, {
      headers: { host: `127.0.0.1:${locked.port}`, "x-forwarded-host": "studio.example.com", cookie },
    });
    expect(behindProxy.status).toBe(200);
    const evil = await rawRequest(`${locked.url}/api/finetunes`, {
      headers: { host: "evil.example.com", cookie },
    });
    expect(evil.status).toBe(421);
  });

  it("PUBLIC_URL's host is served without being listed, still needs a login, and takes BFL's webhook", async () => {
    const host = "hooks.example.net";
    expect((await rawRequest(`${locked.url}/api/health`, { headers: { host } })).status).toBe(200);
    const list = await rawRequest(`${locked.url}/api/finetunes`, { headers: { host } });
    expect(list.status).toBe(401);
    // No session: the route itself answers, refusing a webhook without the task's secret.
    const hook = await rawRequest(`${locked.url}/api/webhooks/bfl/00000000-0000-4000-8000-000000000000`, {
      method: "POST",
      headers: { host, "content-type": "application/json" },
      body: JSON.stringify({ id: "t", status: "Ready" }),
    });
    expect(hook.status, hook.body).toBe(401);
    expect(JSON.parse(hook.body).message).toMatch(/secret sent for this task/);
  });
});
