import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startDashboard, stopServers } from "../helpers/servers";

/** Security headers on pages, API responses and static assets (CSP is checked in a browser in e2e). */

let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  dash = await startDashboard({ bflUrl: "http://127.0.0.1:9" });
});
afterAll(() => stopServers(dash));

function expectCommonHeaders(res: Response, what: string) {
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("x-frame-options"), what).toBe("DENY");
  expect(res.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
}

describe("security headers", () => {
  it("every page has a nonce CSP allowing only its own scripts, styles and images, and no framing", async () => {
    const nonces = new Set<string>();
    for (const path of ["/", "/new", "/finetunes", "/playground", "/gallery", "/login"]) {
      const res = await fetch(`${dash.url}${path}`, { redirect: "manual" });
      expect([200, 303, 307], path).toContain(res.status);
      expectCommonHeaders(res, path);
      const csp = res.headers.get("content-security-policy") ?? "";
      if (res.status !== 200) continue;
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1] ?? "";
      expect(nonce, path).not.toBe("");
      nonces.add(nonce);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
      expect(csp).toContain("img-src 'self' blob: data:");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      // Every <script> Next rendered carries this request's nonce.
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBeGreaterThanOrEqual(5); // fresh per request
  });

  it("API responses (success and error) carry the headers and a deny-all CSP", async () => {
    for (const path of ["/api/health", "/api/generations/..%2F..%2Fetc%2Fpasswd", "/api/nope"]) {
      const res = await fetch(`${dash.url}${path}`);
      expectCommonHeaders(res, path);
      expect(res.headers.get("content-security-policy"), path).toContain("default-src 'none'");
    }
  });

  it("static assets carry nosniff and no-framing too", async () => {
    const html = await (await fetch(`${dash.url}/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((m) => m[1] ?? "");
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets.slice(0, 5)) {
      const res = await fetch(`${dash.url}${asset}`);
      expect(res.status, asset).toBe(200);
      expectCommonHeaders(res, asset);
    }
  });
});
