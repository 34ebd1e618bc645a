import { existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "@/lib/server/migrations";
import {
  databaseUrlFor,
  onPostgres,
  type RunningServer,
  removeDir,
  startDashboard,
  startSimulator,
} from "../helpers/servers";
import { call, FAST_SIM_ENV, readyFinetune, ULTRA, waitGeneration } from "./server-helpers";

/**
 * Where the dashboard keeps its rows: DATA_DIR/studio.db by default, the DATABASE_URL database on a
 * Postgres run (TEST_DATABASE=postgres) and nothing in DATA_DIR. Read back from the database itself,
 * and again through the API after a restart.
 */

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url });
}, 120_000);

afterAll(async () => {
  await dash?.stop();
  await sim?.stop();
  if (dash) removeDir(dash.dataDir);
  if (sim) removeDir(sim.dataDir);
});

/** Rows straight from the database the dashboard uses (not through its API). */
async function query(text: string): Promise<Json[]> {
  if (onPostgres) {
    const client = new pg.Client({ connectionString: databaseUrlFor(dash.dataDir) });
    await client.connect();
    try {
      return (await client.query(text)).rows as Json[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(dash.dataDir, "studio.db"), { readonly: true });
  try {
    return db.prepare(text).all() as Json[];
  } finally {
    db.close();
  }
}

describe("the configured database", { timeout: 120_000 }, () => {
  it("holds what the API made, survives a restart, and is the only store of rows", async () => {
    const ft = await readyFinetune(dash, sim, "database check");
    const made = await call<{ generation: Json }>(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: ft.id, prompt: "TOK on a 100% wool_rug", seed: 3 },
    });
    expect(made.status, made.text).toBe(202);
    const id = String(made.body.generation.id);
    expect((await waitGeneration(dash, id)).status).toBe("Ready");
    const fav = await call(dash.url, `/api/generations/${id}/favourite`, {
      method: "PUT",
      json: { favourite: true },
    });
    expect(fav.status, fav.text).toBeLessThan(300);

    expect(existsSync(path.join(dash.dataDir, "studio.db"))).toBe(!onPostgres);
    const rows = await query(`SELECT id, status, cost FROM generations WHERE id = '${id}'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe("Ready");
    expect(typeof rows[0]?.cost).toBe("number");
    const events = await query(
      `SELECT status FROM generation_events WHERE generation_id = '${id}' ORDER BY id`,
    );
    expect(events.map((e) => e.status)).toContain("Ready");
    const versions = await query("SELECT version FROM schema_migrations");
    expect(versions.map((v) => Number(v.version)).sort((a, b) => a - b)).toEqual(
      MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
    );

    await dash.stop();
    dash = await startDashboard({ bflUrl: sim.url, dataDir: dash.dataDir });
    const found = await call<{ generations: Json[] }>(dash.url, "/api/generations?q=wool_rug&favourites=1");
    expect(found.status, found.text).toBe(200);
    expect(found.body.generations.map((g) => g.id)).toEqual([id]);
    const again = await call<{ finetune: Json }>(dash.url, `/api/finetunes/${String(ft.id)}`);
    expect(again.body.finetune).toMatchObject({ status: "Ready", finetune_comment: "database check" });
  });
});
