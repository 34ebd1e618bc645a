import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "../helpers/servers";

/** The lease rules on a real SQLite file: who may take a task, until when, and what a heartbeat keeps. */

const dir = tempDir("leases");
process.env.DATA_DIR = dir;
process.env.BFL_API_URL = "http://127.0.0.1:9";

type Leases = typeof import("@/lib/server/lease-repo");
let l: Leases;

beforeAll(async () => {
  l = await import("@/lib/server/lease-repo");
});

afterAll(() => removeDir(dir));

describe("task leases", () => {
  it("one owner at a time until the lease expires; the holder may renew", async () => {
    const t = 1_000_000;
    expect(await l.claimLease("g:1", "a", t + 15_000, t)).toBe(true);
    expect(await l.claimLease("g:1", "b", t + 15_000, t + 1)).toBe(false);
    expect(await l.holdsLease("g:1", "a", t + 2)).toBe(true);
    expect(await l.holdsLease("g:1", "b", t + 2)).toBe(false);
    // The holder claims again (its own lease) and the heartbeat extends every lease it holds.
    expect(await l.claimLease("g:1", "a", t + 20_000, t + 3)).toBe(true);
    expect(await l.renewLeases("a", t + 30_000)).toBe(1);
    expect(await l.claimLease("g:1", "b", t + 45_000, t + 29_999)).toBe(false);
    // Not renewed past its expiry: another owner takes it, and the old holder sees it lost.
    expect(await l.claimLease("g:1", "b", t + 45_000, t + 30_001)).toBe(true);
    expect(await l.holdsLease("g:1", "a", t + 30_002)).toBe(false);
    expect(await l.renewLeases("a", t + 60_000)).toBe(0);
  });

  it("only the holder releases; an earlier life of the same host and port is dropped", async () => {
    const t = 2_000_000;
    expect(await l.claimLease("f:2", "host:3000:old", t + 15_000, t)).toBe(true);
    expect(await l.claimLease("f:3", "host:30001:x", t + 15_000, t)).toBe(true);
    await l.releaseLease("f:2", "someone-else");
    expect(await l.holdsLease("f:2", "host:3000:old", t + 1)).toBe(true);
    await l.dropEarlierLives("host:3000:", "host:3000:new");
    expect(await l.holdsLease("f:2", "host:3000:old", t + 1)).toBe(false);
    // Port 30001 is another instance, not an earlier life of port 3000.
    expect(await l.holdsLease("f:3", "host:30001:x", t + 1)).toBe(true);
    await l.releaseLease("f:3", "host:30001:x");
    expect(await l.claimLease("f:3", "other", t + 15_000, t + 2)).toBe(true);
  });
});
