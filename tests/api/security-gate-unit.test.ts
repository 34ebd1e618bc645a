import { describe, expect, it } from "vitest";
import { hostName, hostsAllowed } from "@/lib/server/hosts";
import { type GateOptions, gateDecision } from "@/lib/server/request-gate";

/** The request gate's decisions from headers alone (the HTTP behaviour is in security-body-budget). */

const locked: GateOptions = {
  allowedHosts: ["studio.example.com"],
  authEnabled: true,
  sessionValid: (t) => t === "good",
};
const host = { host: "127.0.0.1:3000" };

describe("hostName / hostsAllowed", () => {
  it("parses Host headers and refuses malformed ones", () => {
    expect(hostName("[::1]:3000")).toBe("::1");
    expect(hostName("Example.COM:80")).toBe("example.com");
    for (const bad of ["[::1", "[nothost]", "a b", "::1", "x:y:z", "[::1]x", ""])
      expect(hostName(bad), bad).toBeNull();
  });

  it("allows loopback names, IP literals and the allow-list; every X-Forwarded-Host entry must pass", () => {
    const allowed = ["studio.example.com:443"];
    for (const h of [
      "localhost",
      "app.localhost:3000",
      "127.0.0.1",
      "[::1]:1",
      "192.168.1.5:3000",
      "studio.example.com",
    ]) {
      expect(hostsAllowed(h, null, allowed), h).toBe(true);
    }
    for (const h of [
      "evil.example",
      "localhost.evil.example",
      "studio.example.com.evil.example",
      undefined,
    ]) {
      expect(hostsAllowed(h, null, allowed), String(h)).toBe(false);
    }
    expect(hostsAllowed("127.0.0.1", "studio.example.com, evil.example", allowed)).toBe(false);
  });
});

describe("gateDecision", () => {
  it("refuses a foreign host before anything else", () => {
    expect(gateDecision("GET", "/", { host: "evil.example" }, locked)?.code).toBe("host_not_allowed");
  });

  it("lets body-less requests through to the proxy (which redirects or answers 401)", () => {
    expect(gateDecision("GET", "/api/finetunes", host, locked)).toBeNull();
    expect(gateDecision("POST", "/api/auth/logout", { ...host, "content-length": "0" }, locked)).toBeNull();
    expect(gateDecision("DELETE", "/api/finetunes/x", host, locked)).toBeNull();
  });

  it("refuses any body without a session, except a small declared login", () => {
    const body = { ...host, "content-length": "10" };
    expect(gateDecision("POST", "/api/generations", body, locked)?.code).toBe("unauthorized");
    expect(gateDecision("POST", "/gallery", body, locked)?.code).toBe("unauthorized");
    expect(gateDecision("PUT", "/api/x", { ...host, "transfer-encoding": "chunked" }, locked)?.code).toBe(
      "unauthorized",
    );
    expect(gateDecision("POST", "/api/auth/login?x=1", body, locked)).toBeNull();
    expect(
      gateDecision("POST", "/api/auth/login", { ...host, "content-length": "16385" }, locked)?.code,
    ).toBe("payload_too_large");
    expect(
      gateDecision("POST", "/api/auth/login", { ...host, "transfer-encoding": "chunked" }, locked)?.code,
    ).toBe("length_required");
  });

  it("lets bodies with a session (or without a password) through, up to 200 MB declared", () => {
    const withSession = {
      ...host,
      cookie: "a=b; fts_session=good",
      "content-length": String(150 * 1024 * 1024),
    };
    expect(gateDecision("POST", "/api/finetunes", withSession, locked)).toBeNull();
    expect(
      gateDecision(
        "POST",
        "/api/finetunes",
        { ...host, "content-length": "99" },
        { ...locked, authEnabled: false },
      ),
    ).toBeNull();
    const huge = { ...withSession, "content-length": String(201 * 1024 * 1024) };
    expect(gateDecision("POST", "/api/finetunes", huge, locked)?.code).toBe("payload_too_large");
  });
});
