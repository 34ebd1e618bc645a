import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXT_LIMITS } from "@/lib/api/text-limits";
import { rawZip } from "../fixtures/hostile/raw-zip";
import { deflatedZeros, makeDatasetZip } from "../fixtures/zips";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import { call, expectError, FAST_SIM_ENV, FINETUNE_PARAMS, finetuneForm, ULTRA } from "./server-helpers";

/** What one request may cost the dashboard: text length limits and ZIPs that lie about their sizes. */

let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url });
});

afterAll(() => stopServers(dash, sim));

const TEN_MB = "x".repeat(10 * 1024 * 1024);
const FT_ID = "00000000-0000-4000-8000-000000000000";
const generate = (fields: Record<string, unknown>) =>
  call(dash.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, finetune_id: FT_ID, aspect_ratio: "1:1", ...fields },
  });
const createFinetune = (zip: Uint8Array, params: Record<string, unknown>) =>
  call(dash.url, "/api/finetunes", {
    method: "POST",
    body: finetuneForm(zip, { ...FINETUNE_PARAMS, ...params }),
  });

describe("free-text limits", () => {
  it("a 10 MB prompt is refused with 422 and the limit", async () => {
    expectError(
      await generate({ prompt: TEN_MB }),
      422,
      "validation_failed",
      /^prompt: at most 10,000 characters \(this one has 10,485,760\)\.$/,
    );
  });

  it("a prompt at the limit passes the length check (and fails on the unknown finetune instead)", async () => {
    const a = await generate({ prompt: "p".repeat(TEXT_LIMITS.prompt) });
    expect(a.body.message).not.toMatch(/at most/);
  });

  it("a 10 MB finetune comment and a 101-character trigger word are refused before the ZIP is read", async () => {
    const zip = await makeDatasetZip(3);
    expectError(
      await createFinetune(zip, { finetune_comment: TEN_MB }),
      422,
      "validation_failed",
      /^finetune_comment: at most 1,000 characters/,
    );
    expectError(
      await createFinetune(zip, { trigger_word: "T".repeat(101) }),
      422,
      "validation_failed",
      /^trigger_word: at most 100 characters/,
    );
    const list = await call<{ finetunes: unknown[] }>(dash.url, "/api/finetunes");
    expect(list.body.finetunes).toEqual([]);
  });
});

describe("ZIPs that lie about their sizes", () => {
  it("a 1 MB ZIP whose image claims 100 kB but inflates to 1 GB is refused in well under 5 s", async () => {
    const zip = rawZip([{ name: "a.jpg", data: deflatedZeros(1024), deflatedSize: 100_000 }]);
    const started = performance.now();
    const a = await createFinetune(zip, {});
    const ms = performance.now() - started;
    expectError(
      a,
      422,
      "invalid_dataset",
      /a\.jpg unpacks to more than the 100000 bytes the ZIP directory says/,
    );
    expect(ms).toBeLessThan(5_000);
    console.log(`lying ZIP refused by the dashboard in ${Math.round(ms)} ms`);
  });

  it("a 350 kB ZIP of three names sharing one 342 MB stream is refused", async () => {
    const stream = deflatedZeros(342);
    const zip = rawZip([
      { name: "a.jpg", data: stream, deflatedSize: 60_000 },
      { name: "b.jpg", data: stream, deflatedSize: 60_000, sameDataAs: 0 },
      { name: "c.jpg", data: stream, deflatedSize: 60_000, sameDataAs: 0 },
    ]);
    expect(zip.length).toBeLessThan(400 * 1024);
    expectError(await createFinetune(zip, {}), 422, "invalid_dataset", /share the same bytes/);
  });
});
