import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type PostgresCluster, postgresAvailable, startPostgres } from "../helpers/postgres";

/**
 * The query layer (lib/server/db.ts + the repos) on both dialects: the same calls, the same answers,
 * on SQLite in a temp DATA_DIR and on a throwaway Postgres cluster.
 */

type Modules = {
  db: typeof import("@/lib/server/db");
  finetunes: typeof import("@/lib/server/finetune-repo");
  generations: typeof import("@/lib/server/generation-repo");
  loras: typeof import("@/lib/server/lora-repo");
  prompts: typeof import("@/lib/server/prompt-repo");
  mappers: typeof import("@/lib/server/mappers");
};

async function load(env: Record<string, string>): Promise<Modules> {
  vi.resetModules();
  vi.unstubAllEnvs();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return {
    db: await import("@/lib/server/db"),
    finetunes: await import("@/lib/server/finetune-repo"),
    generations: await import("@/lib/server/generation-repo"),
    loras: await import("@/lib/server/lora-repo"),
    prompts: await import("@/lib/server/prompt-repo"),
    mappers: await import("@/lib/server/mappers"),
  };
}

const PARAMS = {
  finetune_comment: "db test",
  trigger_word: "TOK",
  mode: "product",
  finetune_type: "lora",
  lora_rank: 32,
  iterations: 300,
  learning_rate: 0.00001,
  priority: "quality",
  captioning: true,
} as const;

function newGeneration(id: string, prompt: string, extra: Partial<{ sweep_id: string }> = {}) {
  return {
    id,
    finetune_id: "ft-1",
    bfl_finetune_id: "bfl-ft-1",
    finetune_comment: "Spring cotton line",
    endpoint: "flux-pro-1.1-ultra-finetuned" as const,
    finetune_strength: 1.2,
    prompt,
    seed: 42,
    params: "{}",
    inputs: "[]",
    status: "Queued" as const,
    output_format: "jpeg",
    sweep_id: extra.sweep_id ?? null,
  };
}

let cluster: PostgresCluster | undefined;
const dirs: string[] = [];

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const dialects = [
  { name: "sqlite", available: true },
  { name: "postgres", available: postgresAvailable() },
] as const;

describe.each(dialects)("query layer on $name", ({ name, available }) => {
  let m: Modules;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "fts-db-"));
    dirs.push(dataDir);
    const env: Record<string, string> = { DATA_DIR: dataDir, DATABASE_URL: "" };
    if (name === "postgres") {
      cluster ??= await startPostgres();
      env.DATABASE_URL = await cluster.createDatabase("query_layer");
    }
    m = await load(env);
  }, 120_000);

  afterAll(async () => {
    await m?.db.closeDb();
  });

  it.skipIf(!available)("opens on the configured dialect and records every migration once", async () => {
    expect(await m.db.dialect()).toBe(name);
    const db = await m.db.getDb();
    const { MIGRATIONS } = await import("@/lib/server/migrations");
    const { migrate } = await import("@/lib/server/db-migrate");
    await migrate(db, name); // again: nothing to do
    const rows = await db.selectFrom("schema_migrations").select("version").orderBy("version").execute();
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((x) => x.version).sort((a, b) => a - b));
  });

  it.skipIf(!available)(
    "a finetune's status change records its history; numbers round-trip exactly",
    async () => {
      await m.finetunes.insertFinetune("ft-a", PARAMS, "us1", "Queued", {
        file: "datasets/ft-a/dataset.zip",
        bytes: 5_000_000_000,
        images: [
          {
            idx: 0,
            name: "a.jpg",
            caption: "one",
            width: 1024,
            height: 768,
            format: "jpeg",
            file: "f0",
            thumb_file: "t0",
          },
          {
            idx: 1,
            name: "b.png",
            caption: null,
            width: 512,
            height: 512,
            format: "png",
            file: "f1",
            thumb_file: "t1",
          },
        ],
      });
      // A millisecond time far past 2^31 (Postgres INTEGER would overflow) comes back as a number.
      const later = Date.now() + 86_400_000;
      await m.finetunes.updateFinetune("ft-a", {
        status: "Pending",
        bfl_id: "bfl-a",
        not_before: later,
        progress: 0.1,
      });
      await m.finetunes.updateFinetune("ft-a", { progress: 0.35 });
      const row = await m.finetunes.getFinetuneRow("bfl-a");
      expect(row).toMatchObject({
        id: "ft-a",
        status: "Pending",
        not_before: later,
        progress: 0.35,
        learning_rate: 0.00001,
        dataset_bytes: 5_000_000_000,
        captioning: 1,
        source: "dashboard",
        attempts: 0,
      });
      expect(typeof row?.seq).toBe("number");
      const api = await m.mappers.finetuneRowToApi(row as NonNullable<typeof row>);
      expect(api.timeline.map((e) => e.status)).toEqual(["Queued", "Pending"]);
      expect((await m.finetunes.datasetImages("ft-a")).map((i) => i.name)).toEqual(["a.jpg", "b.png"]);
      expect((await m.finetunes.finetuneRowsWithStatus("Pending")).map((r) => r.id)).toEqual(["ft-a"]);
      await m.finetunes.deleteFinetuneRow("ft-a");
      expect(await m.finetunes.getFinetuneRow("ft-a")).toBeUndefined();
      expect(await m.finetunes.datasetImages("ft-a")).toEqual([]);
    },
  );

  it.skipIf(!available)("search treats % and _ literally, pages by seq, filters favourites", async () => {
    await m.generations.insertGeneration(newGeneration("g1", "a red chair"));
    await m.generations.insertGeneration(newGeneration("g2", "100% wool_scarf"));
    await m.generations.insertGeneration(newGeneration("g3", "1000 wool scarves"));
    await m.generations.updateGeneration("g2", { cost: 0.025, cost_source: "bfl", status: "Ready" });
    const search = async (q: string) =>
      (await m.generations.listGenerationRows({ q, limit: 10 })).map((r) => r.id).sort();
    expect(await search("100%")).toEqual(["g2"]);
    expect(await search("wool_")).toEqual(["g2"]);
    expect(await search("WOOL")).toEqual(["g2", "g3"]);
    expect(await search("COTTON chair")).toEqual(["g1"]);
    const all = await m.generations.listGenerationRows({ limit: 2 });
    expect(all.map((r) => r.id)).toEqual(["g3", "g2"]);
    const next = await m.generations.listGenerationRows({ limit: 2, before: all[1]?.seq });
    expect(next.map((r) => r.id)).toEqual(["g1"]);
    expect((await m.generations.getGenerationRow("g2"))?.cost).toBe(0.025);

    expect(await m.generations.setFavourite("g1", true)).toBe(true);
    expect(await m.generations.setFavourite("g1", true)).toBe(true);
    expect(await m.generations.setFavourite("nope", true)).toBe(false);
    expect(
      (await m.generations.listGenerationRows({ favourites: true, limit: 10 })).map((r) => r.id),
    ).toEqual(["g1"]);
    const g1 = await m.generations.getGenerationRow("g1");
    expect((await m.mappers.generationRowToApi(g1 as NonNullable<typeof g1>)).favourite).toBe(true);
    expect(await m.generations.updateGeneration("missing", { status: "Ready" })).toBe(false);
  });

  it.skipIf(!available)("a failing transaction leaves nothing behind", async () => {
    await expect(
      m.db.tx(async (trx) => {
        await trx
          .insertInto("loras")
          .values({
            id: "rolled-back",
            base_model: "klein-4b",
            precision: "bf16",
            trigger_phrase: null,
            created_at: "x",
          })
          .execute();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await m.loras.getLoraRow("rolled-back")).toBeUndefined();
  });

  it.skipIf(!available)(
    "unique keys: a second add is refused, not an error; imports skip duplicates",
    async () => {
      const lora = {
        id: "org/style",
        base_model: "klein-4b",
        precision: "bf16",
        trigger_phrase: "sks",
      } as const;
      expect(await m.loras.insertLora(lora)).toBe(true);
      expect(await m.loras.insertLora(lora)).toBe(false);
      expect(await m.loras.deleteLoraRow("org/style")).toBe(true);
      expect(await m.loras.deleteLoraRow("org/style")).toBe(false);

      const file = {
        format: "finetune-studio-prompts",
        version: 1,
        exported_at: new Date().toISOString(),
        prompts: [
          { title: "A", text: "one", finetune_id: null },
          { title: "A", text: "one", finetune_id: null },
          { title: "B", text: "two", finetune_id: "ft-1" },
        ],
      } as unknown as Parameters<typeof m.prompts.importPrompts>[0];
      expect(await m.prompts.importPrompts(file)).toEqual({ imported: 2, skipped_duplicates: 1 });
      expect(await m.prompts.importPrompts(file)).toEqual({ imported: 0, skipped_duplicates: 3 });
      expect((await m.prompts.listPrompts("ft-2")).map((p) => p.title)).toEqual(["A"]);
    },
  );
});

describe.skipIf(!postgresAvailable())(
  "migrations on Postgres with several instances starting at once",
  () => {
    it("three instances migrate one fresh database together: each version applied once, all open", async () => {
      cluster ??= await startPostgres();
      const url = await cluster.createDatabase("migrate_race");
      const { Kysely, PostgresDialect } = await import("kysely");
      const { migrate } = await import("@/lib/server/db-migrate");
      const instances = Array.from({ length: 3 }, () => {
        const pool = new pg.Pool({ connectionString: url, max: 2 });
        // A connection still closing when the cluster stops reports it here, not as an uncaught error.
        pool.on("error", () => undefined);
        return new Kysely<import("@/lib/server/db-schema").Database>({
          dialect: new PostgresDialect({ pool }),
        });
      });
      try {
        await Promise.all(instances.map((db) => migrate(db, "postgres")));
        const [first] = instances;
        const rows = await first!.selectFrom("schema_migrations").select("version").execute();
        const { MIGRATIONS } = await import("@/lib/server/migrations");
        expect(rows.map((r) => r.version).sort((a, b) => a - b)).toEqual(
          MIGRATIONS.map((x) => x.version).sort((a, b) => a - b),
        );
      } finally {
        await Promise.all(instances.map((db) => db.destroy()));
      }
    }, 60_000);
  },
);
