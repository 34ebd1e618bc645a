import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generationEnvelopeSchema, generationListSchema } from "@/lib/api/types";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import {
  call,
  callParsed,
  expectError,
  FAST_SIM_ENV,
  readyFinetune,
  ULTRA,
  waitGeneration,
} from "./server-helpers";

/** Gallery search and favourites, the credit balance and the training pace, over real HTTP. */

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
const ids: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ env: { ...FAST_SIM_ENV, SIMULATOR_CREDITS: "5000" } });
  dash = await startDashboard({ bflUrl: sim.url });
  const ft = await readyFinetune(dash, sim);
  for (const prompt of ["TOK, 100% cotton_shirt", "TOK, a blue mug"]) {
    const res = await callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: ft.id, prompt },
    });
    expect(res.status).toBe(202);
    ids.push(String(res.body.generation.id));
  }
  for (const id of ids) await waitGeneration(dash, id);
}, 120_000);

afterAll(() => stopServers(dash, sim));

const list = (qs: string) =>
  callParsed(generationListSchema, dash.url, `/api/generations?${qs}`).then((a) =>
    a.body.generations.map((g) => g.id),
  );

describe("gallery search and favourites", () => {
  it("finds every word case-insensitively; % and _ are literal, not wildcards", async () => {
    expect(await list("q=BLUE%20mug")).toEqual([ids[1]]);
    expect(await list("q=100%25")).toEqual([ids[0]]);
    expect(await list("q=cotton_shirt")).toEqual([ids[0]]);
    expect(await list("q=%25_%25")).toEqual([]);
  });

  it("stars and unstars; favourites=1 lists only the starred", async () => {
    const put = (id: string, json: unknown) =>
      call(dash.url, `/api/generations/${id}/favourite`, { method: "PUT", json });
    expect((await put(ids[1]!, { favourite: true })).status).toBe(200);
    expect(await list("favourites=1")).toEqual([ids[1]]);
    const one = await callParsed(generationEnvelopeSchema, dash.url, `/api/generations/${ids[1]}`);
    expect(one.body.generation.favourite).toBe(true);
    expect((await put(ids[1]!, { favourite: false })).status).toBe(200);
    expect(await list("favourites=1")).toEqual([]);
  });

  it("answers bad input with a specific message", async () => {
    const put = (id: string, json: unknown) =>
      call(dash.url, `/api/generations/${id}/favourite`, { method: "PUT", json });
    expectError(
      await put(ids[0]!, { favourite: "yes" }),
      422,
      "validation_failed",
      /favourite: true or false/,
    );
    expectError(await put("0b7e7f5e-9f3e-4a39-9c55-4c4b0d1b2a3c", { favourite: true }), 404, "not_found");
    expectError(
      await call(dash.url, "/api/generations?favourites=2"),
      400,
      "bad_request",
      /favourites must be "1"/,
    );
    expectError(
      await call(dash.url, `/api/generations?q=${"x".repeat(201)}`),
      400,
      "bad_request",
      /200 characters/,
    );
  });
});

describe("account", () => {
  it("the credit balance is BFL's (the simulator's), after what the two images cost", async () => {
    const sim_ = await call<{ credits: number }>(sim.url, "/v1/credits", {
      headers: { "x-key": "simulator-key" },
    });
    const res = await call<{ credits: number }>(dash.url, "/api/credits");
    expect(res.status).toBe(200);
    expect(res.body.credits).toBe(sim_.body.credits);
    expect(res.body.credits).toBeLessThan(5000);
  });

  it("the training pace is the simulator's own", async () => {
    const res = await call<Json>(dash.url, "/api/training-pace");
    expect(res.body).toEqual({
      source: "simulator",
      overhead_seconds: 0,
      seconds_per_iteration: { speed: (2 / 300) * 0.6, quality: 2 / 300, high_res_only: (2 / 300) * 1.5 },
    });
  });
});
