import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * Prepared statements are cached per SQLite connection (`cachingStatements` in lib/server/db-drivers.ts): the
 * repository reads that run on every poll must not call `prepare` again once warm.
 */

const dataDir = mkdtempSync(path.join(tmpdir(), "fts-stmt-"));
let db: typeof import("@/lib/server/db");
let generations: typeof import("@/lib/server/generation-repo");
let finetunes: typeof import("@/lib/server/finetune-repo");

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  db = await import("@/lib/server/db");
  generations = await import("@/lib/server/generation-repo");
  finetunes = await import("@/lib/server/finetune-repo");
});
afterAll(async () => {
  await db?.closeDb();
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("prepared statement cache", () => {
  it("repository reads and writes prepare nothing once warm", async () => {
    const run = async () => {
      await generations.getGenerationRow("missing");
      await generations.listGenerationRows({ limit: 10 });
      await generations.generationRowsWithStatus("Queued", "Pending");
      await generations.updateGeneration("missing", { status: "Ready" });
      await finetunes.getFinetuneRow("missing");
      await finetunes.listFinetuneRows();
      await finetunes.datasetImages("missing");
    };
    await run();
    const prepare = vi.spyOn(Database.prototype, "prepare");
    await run();
    await run();
    expect(prepare).not.toHaveBeenCalled();
    prepare.mockRestore();
  });

  it("a new query shape is prepared once, then reused", async () => {
    const prepare = vi.spyOn(Database.prototype, "prepare");
    await generations.listGenerationRows({ limit: 5, q: "one two" });
    await generations.listGenerationRows({ limit: 7, q: "three four" });
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();
  });
});
