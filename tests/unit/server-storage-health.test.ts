import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * /api/health's storage line: a probe that succeeded is reused for STORAGE_PROBE_OK_TTL_MS, so polling
 * health does not write a probe file per call; a failed probe is never reused, and `fresh` probes now.
 * DATA_DIR is broken for real (a file where the folder should be); only the clock is faked.
 */

const root = mkdtempSync(path.join(tmpdir(), "fts-storage-health-"));
const dataDir = path.join(root, "data");
let storage: typeof import("@/lib/server/storage");

function breakDataDir() {
  rmSync(dataDir, { recursive: true, force: true });
  writeFileSync(dataDir, "a file where the data folder should be");
}

function repairDataDir() {
  rmSync(dataDir, { force: true });
  mkdirSync(dataDir);
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.resetModules();
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("S3_BUCKET", "");
  storage = await import("@/lib/server/storage");
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe("storage health", () => {
  it("reuses a success for a few seconds, never a failure, and probes now when asked", async () => {
    const ok = { driver: "local", ok: true, message: null };
    expect(await storage.storageHealth()).toEqual(ok);

    breakDataDir();
    // Within the TTL the last success stands: no probe file was written for this call.
    expect(await storage.storageHealth()).toEqual(ok);
    const fresh = await storage.storageHealth(true);
    expect(fresh.ok).toBe(false);
    expect(fresh.message).toMatch(/The data folder \(DATA_DIR, .*\) cannot be written/);
    // The failure is not kept: the next plain call probes again, and sees the repair at once.
    expect((await storage.storageHealth()).ok).toBe(false);
    repairDataDir();
    expect(await storage.storageHealth()).toEqual(ok);

    breakDataDir();
    vi.advanceTimersByTime(storage.STORAGE_PROBE_OK_TTL_MS - 1);
    expect((await storage.storageHealth()).ok).toBe(true);
    vi.advanceTimersByTime(2);
    expect((await storage.storageHealth()).ok).toBe(false);
    repairDataDir();
  });

  it("has concurrent calls share one probe", async () => {
    const { localDriver } = await import("@/lib/server/storage-local");
    const probe = vi.spyOn(localDriver, "probe");
    vi.advanceTimersByTime(storage.STORAGE_PROBE_OK_TTL_MS + 1);
    const calls = await Promise.all(Array.from({ length: 5 }, () => storage.storageHealth()));
    expect(calls.every((h) => h.ok)).toBe(true);
    expect(probe).toHaveBeenCalledTimes(1);
    probe.mockRestore();
  });
});
