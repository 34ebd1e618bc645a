import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/server/auth";
import { type RunningServer, startDashboard, stopServers } from "../helpers/servers";
import { login, PASSWORD, rawRequest } from "./security-helpers";

/** Login's `next` cannot leave the site, and no malformed path or `next` gives a 500. */

const OFF_SITE = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "//evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "https://evil.example",
  "javascript:alert(1)",
  " /evil",
  "/ /evil",
  "evil.example",
  "/login?next=//evil.example",
];

describe("safeNextPath (pure)", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeNextPath("/gallery")).toBe("/gallery");
    expect(safeNextPath("/finetunes/abc?tab=images#x")).toBe("/finetunes/abc?tab=images#x");
    expect(safeNextPath("/a/../gallery")).toBe("/gallery");
    expect(safeNextPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it("turns anything that could leave the site into /", () => {
    for (const next of [...OFF_SITE, undefined, ["/a", "/b"], "/x".repeat(1500)]) {
      expect(safeNextPath(next), JSON.stringify(next)).toBe("/");
    }
  });
});

let dash: RunningServer & { dataDir: string };
let cookie: string;

beforeAll(async () => {
  dash = await startDashboard({ bflUrl: "http://127.0.0.1:9", env: { DASHBOARD_PASSWORD: PASSWORD } });
  cookie = (await login(dash.url, PASSWORD)).cookie;
});

afterAll(() => stopServers(dash));

describe("over HTTP", () => {
  it("/login?next=… with a session redirects on-site only (tab, newline, backslash, //)", async () => {
    for (const next of OFF_SITE) {
      const res = await fetch(`${dash.url}/login?next=${encodeURIComponent(next)}`, {
        headers: { cookie },
        redirect: "manual",
      });
      expect(res.status, JSON.stringify(next)).toBeLessThan(400);
      const location = res.headers.get("location") ?? "";
      expect(new URL(location, dash.url).origin, JSON.stringify(next)).toBe(dash.url);
      expect(location, JSON.stringify(next)).not.toContain("evil");
    }
  });

  it("the login form gets a safe `next` too (rendered without a session)", async () => {
    const res = await fetch(`${dash.url}/login?next=${encodeURIComponent("/\t/evil.example")}`);
    expect(res.status).toBe(200);
    // The form's `next` prop, as serialised in the page's RSC payload (the URL itself appears there too).
    const html = await res.text();
    expect(html).toContain(String.raw`{\"next\":\"/\"}`);
    expect(html).not.toMatch(/\\"next\\":\\"[^"\\]*evil/);
  });

  it("broken %-escapes and raw control bytes answer 400 or 404, never 500, on pages and API", async () => {
    const paths = [
      "/finetunes/%ff",
      "/finetunes/%",
      "/finetunes/%E0%A4%A",
      "/gallery/%c0%af",
      "/%ff",
      "/login?next=%ff",
      "/login?next=%0a%0d",
      "/api/finetunes/%ff",
      "/api/finetunes/%ff/images/0",
      "/api/generations/%",
      "/api/%ff",
    ];
    for (const path of paths) {
      for (const headers of [{ cookie }, {}] as Record<string, string>[]) {
        const res = await rawRequest(`${dash.url}${path}`, { headers });
        expect(res.status, `${path} ${headers.cookie ? "with" : "without"} session`).toBeLessThan(500);
      }
    }
    expect(dash.output()).not.toMatch(/URIError/);
  });
});
