import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generationEnvelopeSchema } from "@/lib/api/types";
import type { LedgerResponse } from "@/lib/judge/ledger";
import {
  type RunningServer,
  removeDir,
  startDashboard,
  startSimulator,
  stopServers,
} from "../helpers/servers";
import {
  call,
  callParsed,
  FAST_SIM_ENV,
  photo,
  readyFinetune,
  ULTRA,
  waitGeneration,
} from "./server-helpers";

/**
 * The spend ledger over real HTTP: its totals equal the costs recorded on the generations plus the
 * training, each marked with where the amount came from, and BFL's (the simulator's) balance agrees.
 * The beta simulator reports no `cost` (priced from the table); a live one reports it (BFL's own).
 */

type Json = Record<string, unknown>;
const START_CREDITS = 10_000;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let ft: Json;

beforeAll(async () => {
  sim = await startSimulator({ env: { ...FAST_SIM_ENV, SIMULATOR_CREDITS: String(START_CREDITS) } });
  dash = await startDashboard({ bflUrl: sim.url });
  ft = await readyFinetune(dash, sim, "ledger mug");
});

afterAll(() => stopServers(dash, sim));

const ledger = () => call<LedgerResponse>(dash.url, "/api/ledger");

describe("GET /api/ledger", () => {
  it("totals equal the sum of the recorded costs, split by where each came from", async () => {
    const control = Buffer.from(await photo(256, 256, 4, "png")).toString("base64");
    const bodies: Json[] = [
      { endpoint: ULTRA, prompt: "TOK mug", aspect_ratio: "1:1" },
      { endpoint: ULTRA, prompt: "TOK mug at night", aspect_ratio: "1:1" },
      { endpoint: "flux-pro-finetuned", prompt: "TOK", width: 256, height: 256 },
      // The beta simulator reports no cost: every image is priced from the table (depth: an estimate).
      { endpoint: "flux-pro-1.0-depth-finetuned", prompt: "TOK", control_image: control },
    ];
    const created = await Promise.all(
      bodies.map((b) =>
        callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
          method: "POST",
          json: { ...b, finetune_id: ft.id },
        }),
      ),
    );
    const done = await Promise.all(created.map((c) => waitGeneration(dash, String(c.body.generation.id))));
    for (const g of done) expect(g.status, JSON.stringify(g.error)).toBe("Ready");

    const listed = await call<{ generations: { cost: number | null }[] }>(
      dash.url,
      "/api/generations?limit=200",
    );
    const imageSum = listed.body.generations.reduce((s, g) => s + (g.cost ?? 0), 0);
    expect(imageSum).toBe(7 + 7 + 6 + 6);

    const l = (await ledger()).body;
    const training = l.entries.filter((e) => e.kind === "training");
    expect(training).toEqual([expect.objectContaining({ finetune_id: ft.id, source: "price_table" })]);
    const trainingCredits = training[0]?.credits ?? 0;
    expect(trainingCredits).toBeGreaterThan(0);
    expect(l.total.credits).toBe(imageSum + trainingCredits);
    expect(l.total.count).toBe(5);
    expect(l.entries.filter((e) => e.kind !== "training").map((e) => e.source)).toEqual(
      Array(4).fill("price_table"),
    );
    expect(l.total.bfl_credits).toBe(0);
    expect(l.total.estimated_credits).toBe(l.total.credits);

    const byEndpoint = Object.fromEntries(l.by_endpoint.map((b) => [b.key, b]));
    expect(byEndpoint[ULTRA]).toMatchObject({ credits: 14, bfl_credits: 0, estimated_credits: 14, count: 2 });
    expect(byEndpoint["flux-pro-1.0-depth-finetuned"]).toMatchObject({
      credits: 6,
      bfl_credits: 0,
      estimated_credits: 6,
    });
    expect(l.by_finetune).toEqual([
      expect.objectContaining({ key: ft.id, label: "ledger mug", credits: imageSum + trainingCredits }),
    ]);
    expect(l.by_day.reduce((s, d) => s + d.credits, 0)).toBe(l.total.credits);

    // The simulator charged exactly what the ledger recorded.
    expect(l.balance_error).toBeNull();
    expect(l.balance).toBe(START_CREDITS - l.total.credits);
  });

  it("still answers with the recorded spending when BFL cannot be asked for the balance", async () => {
    await sim.stop();
    // A restarted dashboard on the same data: the balance it shows is never one cached before.
    await dash.stop();
    dash = await startDashboard({ bflUrl: sim.url, dataDir: dash.dataDir });
    const a = await ledger();
    expect(a.status).toBe(200);
    expect(a.body.balance).toBeNull();
    expect(a.body.balance_error?.message).toMatch(/BFL|reach/i);
    expect(a.body.total.count).toBe(5);
  });
});

describe("GET /api/ledger against today's BFL (simulator live profile)", () => {
  let live: RunningServer & { dataDir: string };
  let liveDash: RunningServer & { dataDir: string };
  beforeAll(async () => {
    live = await startSimulator({
      profile: "live",
      env: { ...FAST_SIM_ENV, SIMULATOR_CREDITS: String(START_CREDITS) },
    });
    liveDash = await startDashboard({ bflUrl: live.url });
  });
  afterAll(async () => {
    await liveDash?.stop();
    await live?.stop();
    for (const s of [liveDash, live]) if (s) removeDir(s.dataDir);
  });

  it("records a klein LoRA image at the cost BFL reported, marked as BFL's", async () => {
    const added = await call(liveDash.url, "/api/loras", {
      method: "POST",
      json: { id: "my-style-lora", base_model: "klein-9b", precision: "fp8", trigger_phrase: "mystyle" },
    });
    expect(added.status, added.text).toBeLessThan(300);
    const created = await callParsed(generationEnvelopeSchema, liveDash.url, "/api/generations", {
      method: "POST",
      json: {
        endpoint: "flux-2-klein-9b-finetuned",
        finetune_id: "my-style-lora",
        finetune_strength: 1,
        prompt: "mystyle mug on a desk",
        width: 512,
        height: 512,
      },
    });
    expect(created.status, created.text).toBe(202);
    const g = await waitGeneration(liveDash, String(created.body.generation.id));
    expect(g.status, JSON.stringify(g.error)).toBe("Ready");
    expect(typeof g.cost).toBe("number");

    const l = (await call<LedgerResponse>(liveDash.url, "/api/ledger")).body;
    expect(l.entries).toEqual([
      expect.objectContaining({ finetune_id: "my-style-lora", source: "bfl", credits: g.cost }),
    ]);
    expect(l.total).toMatchObject({ credits: g.cost, bfl_credits: g.cost, estimated_credits: 0 });
    expect(l.balance).toBe(START_CREDITS - Number(g.cost));
  });
});
