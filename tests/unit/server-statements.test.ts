import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * Prepared statements are cached per connection (`stmt` in lib/server/db.ts): the repository reads
 * that run on every poll must not call `db.prepare` again once warm.
 */

const dataDir = mkdtempSync(path.join(tmpdir(), "fts-stmt-"));
let db: typeof import("@/lib/server/db");
let generations: typeof import("@/lib/server/generation-repo");
let finetunes: typeof import("@/lib/server/finetune-repo");

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  db = await import("@/lib/server/db");
  generations = await import("@/lib/server/generation-repo");
  finetunes = await import("@/lib/server/finetune-repo");
});
afterAll(() => {
  db?.getDb().close();
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("prepared statement cache", () => {
  it("returns the same statement for the same SQL on the same connection", () => {
    const sql = "SELECT count(*) AS n FROM generations";
    const first = db.stmt(sql);
    expect(db.stmt(sql)).toBe(first);
    expect(db.stmt("SELECT count(*) AS n FROM finetunes")).not.toBe(first);
    expect(first.get()).toEqual({ n: 0 });
  });

  it("repository reads and writes prepare nothing once warm", () => {
    const conn = db.getDb();
    const run = () => {
      generations.getGenerationRow("missing");
      generations.listGenerationRows({ limit: 10 });
      generations.generationRowsWithStatus("Queued", "Pending");
      generations.updateGeneration("missing", { status: "Ready" });
      finetunes.getFinetuneRow("missing");
      finetunes.listFinetuneRows();
      finetunes.datasetImages("missing");
    };
    run();
    const prepare = vi.spyOn(conn, "prepare");
    run();
    run();
    expect(prepare).not.toHaveBeenCalled();
    prepare.mockRestore();
  });
});
