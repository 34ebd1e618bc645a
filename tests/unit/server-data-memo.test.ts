import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { finetuneParamsSchema } from "@/lib/bfl";

/**
 * memoByData (lib/server/data-memo.ts): the finetune list's own part is read again only when the
 * database changed, by this process or by another instance on the same SQLite file. Real SQLite files;
 * the "other instance" is a second connection writing to the same file.
 */

/** The contract's defaults for everything but the comment and mode. */
const PARAMS = finetuneParamsSchema.parse({ finetune_comment: "memo test", mode: "product" });

const dataDir = mkdtempSync(path.join(tmpdir(), "fts-memo-"));
let db: typeof import("@/lib/server/db");
let repo: typeof import("@/lib/server/finetune-repo");
let memo: typeof import("@/lib/server/data-memo");

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  db = await import("@/lib/server/db");
  repo = await import("@/lib/server/finetune-repo");
  memo = await import("@/lib/server/data-memo");
});

afterAll(async () => {
  await db.closeDb();
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

const dataset = { file: "datasets/x/dataset.zip", bytes: 1, images: [] };

describe("memoByData", () => {
  it("loads again only after a commit here or in another instance, or on a new connection", async () => {
    let loads = 0;
    const ids = () =>
      memo.memoByData("test:ids", async () => {
        loads++;
        return (await repo.listFinetuneRows()).map((r) => `${r.id} ${r.finetune_comment}`);
      });

    expect(await ids()).toEqual([]);
    expect(await ids()).toEqual([]);
    expect(loads).toBe(1);

    // A write through this process's connection.
    await repo.insertFinetune("ft-here", PARAMS, "us1", "Queued", dataset);
    expect(await ids()).toEqual(["ft-here memo test"]);
    expect(loads).toBe(2);
    expect(await ids()).toEqual(["ft-here memo test"]);
    expect(loads).toBe(2);

    // Another instance on the same file: its commit moves PRAGMA data_version for this connection.
    const other = new Database(path.join(dataDir, "studio.db"));
    other.prepare("UPDATE finetunes SET finetune_comment = 'renamed there' WHERE id = 'ft-here'").run();
    other.close();
    expect(await ids()).toEqual(["ft-here renamed there"]);
    expect(loads).toBe(3);

    // A new connection starts both counters again: it must not be taken for the old one.
    await db.closeDb();
    expect(await ids()).toEqual(["ft-here renamed there"]);
    expect(loads).toBe(4);
  });

  it("does not keep a failed load", async () => {
    let attempt = 0;
    const get = () =>
      memo.memoByData("test:fails", async () => {
        attempt++;
        if (attempt === 1) throw new Error("read failed");
        return attempt;
      });
    await expect(get()).rejects.toThrow("read failed");
    await expect(get()).resolves.toBe(2);
    await expect(get()).resolves.toBe(2);
  });
});
