import { afterEach, describe, expect, it, vi } from "vitest";

/** The host BFL_REGION picks and the message for a host that accepts no connection. */

async function load(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("finetune-studio.bfl-agent")];
  const envMod = await import("@/lib/server/env");
  const conn = await import("@/lib/server/bfl-connection");
  return { cfg: envMod.parseConfig(process.env), conn };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("BFL hosts", () => {
  it("defaults to the global host with a real key; BFL_API_URL replaces it", async () => {
    const { cfg } = await load({ BFL_API_KEY: "k", BFL_REGION: "", BFL_API_URL: "" });
    expect(cfg).toMatchObject({
      region: "global",
      bflBaseUrl: "https://api.bfl.ai",
      bflConnectTimeoutMs: 4000,
    });
    const { cfg: eu } = await load({ BFL_API_KEY: "k", BFL_REGION: "EU", BFL_API_URL: "" });
    expect(eu.bflBaseUrl).toBe("https://api.eu.bfl.ai");
    const { cfg: custom } = await load({
      BFL_API_KEY: "k",
      BFL_REGION: "us1",
      BFL_API_URL: "http://127.0.0.1:9",
    });
    expect(custom.bflBaseUrl).toBe("http://127.0.0.1:9");
  });

  it("refuses an unknown region, naming the choices", async () => {
    await load({ BFL_API_KEY: "k" });
    const envMod = await import("@/lib/server/env");
    expect(() => envMod.parseConfig({ ...process.env, BFL_REGION: "mars" })).toThrow(/BFL_REGION/);
  });

  it("a legacy host that accepts no connection: names it and says to set BFL_REGION=global", async () => {
    const { conn } = await load({ BFL_API_KEY: "k", BFL_REGION: "us1", BFL_API_URL: "" });
    const msg = conn.unreachableMessage("api.us1.bfl.ai", "connect_timeout");
    expect(msg).toMatch(/cannot reach BFL at api\.us1\.bfl\.ai .*accepted no connection within 4 s/);
    expect(msg).toMatch(/legacy finetune-era host.*BFL_REGION=global/);
  });

  it("a current host: points at the network and the connect timeout", async () => {
    const { conn } = await load({ BFL_API_KEY: "k", BFL_REGION: "global", BFL_API_URL: "" });
    const msg = conn.unreachableMessage("api.bfl.ai", "dns");
    expect(msg).toMatch(/api\.bfl\.ai does not resolve/);
    expect(msg).toMatch(/BFL_CONNECT_TIMEOUT_MS/);
  });

  it("classifies undici's connect errors", async () => {
    const { conn } = await load({ BFL_API_KEY: "k" });
    const wrap = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: { code } });
    expect(conn.connectFailure(wrap("UND_ERR_CONNECT_TIMEOUT"))).toBe("connect_timeout");
    expect(conn.connectFailure(wrap("ECONNREFUSED"))).toBe("refused");
    expect(conn.connectFailure(wrap("ENOTFOUND"))).toBe("dns");
    expect(conn.connectFailure(wrap("ECONNRESET"))).toBeNull();
  });
});
