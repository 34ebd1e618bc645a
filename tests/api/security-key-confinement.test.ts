import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  finetuneEnvelopeSchema,
  generationEnvelopeSchema,
  generationListSchema,
  TERMINAL_GENERATION_STATUSES,
} from "@/lib/api/types";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import { datasetZip, FAST_SIM_ENV, finetuneForm, simFault, ULTRA, waitFor } from "./server-helpers";

/**
 * Key confinement: the dashboard runs with a recognisable fake key against a simulator that accepts it.
 * Every page, every static asset, every API answer (success and error, upstream faults included) and
 * everything the server printed is searched for the key: it appears nowhere.
 */

const CANARY = `sk-test-CANARY-${randomBytes(12).toString("hex")}`;
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
const seen: { what: string; text: string }[] = [];

/** Fetch from the dashboard and keep status, headers and body (bytes as latin1) for the final search. */
async function grab(
  p: string,
  init: RequestInit = {},
): Promise<{ status: number; text: string; json: unknown }> {
  const res = await fetch(`${dash.url}${p}`, { redirect: "manual", ...init });
  const bytes = Buffer.from(await res.arrayBuffer());
  const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
  const text = bytes.toString("latin1");
  seen.push({ what: `${init.method ?? "GET"} ${p} -> ${res.status}`, text: `${headers}\n\n${text}` });
  let json: unknown = null;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

const postJson = (p: string, body: unknown) =>
  grab(p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  sim = await startSimulator({ env: { ...FAST_SIM_ENV, SIMULATOR_API_KEY: CANARY } });
  dash = await startDashboard({ bflUrl: sim.url, env: { BFL_API_KEY: CANARY, BFL_TIMEOUT_MS: "1500" } });
});

afterAll(() => stopServers(dash, sim));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe("the BFL key never leaves the server", () => {
  it("appears in no page, asset, API answer or log line", { timeout: 240_000 }, async () => {
    // Happy path: a finetune trained and an image generated, so the key is really in use.
    const created = await grab("/api/finetunes", { method: "POST", body: finetuneForm(await datasetZip(3)) });
    expect(created.status, created.text).toBe(201);
    const ft = finetuneEnvelopeSchema.parse(created.json).finetune;
    await fetch(`${sim.url}/_simulator/tasks/${ft.bfl_id}/complete`, { method: "POST" });
    await waitFor("finetune Ready", async () => {
      const r = await grab(`/api/finetunes/${ft.id}`);
      return finetuneEnvelopeSchema.safeParse(r.json).data?.finetune.status === "Ready";
    });
    const gen = await postJson("/api/generations", {
      endpoint: ULTRA,
      finetune_id: ft.id,
      prompt: "TOK on a beach",
    });
    expect(gen.status, gen.text).toBe(202);
    const genId = generationEnvelopeSchema.parse(gen.json).generation.id;
    await waitFor("generation Ready", async () => {
      const r = await grab(`/api/generations/${genId}`);
      return generationEnvelopeSchema.safeParse(r.json).data?.generation.status === "Ready";
    });
    for (const p of [
      `/api/generations/${genId}/image`,
      `/api/generations/${genId}/thumbnail`,
      "/api/generations",
      `/api/generations?finetune_id=${ft.id}`,
      "/api/finetunes",
      `/api/finetunes/${ft.id}/images`,
      `/api/finetunes/${ft.id}/images/0`,
      `/api/finetunes/${ft.id}/images/0/thumbnail`,
      `/api/finetunes/${ft.id}/dataset`,
      "/api/health",
    ]) {
      expect((await grab(p)).status, p).toBeLessThan(400);
    }

    // Bad input on every route.
    await grab("/api/finetunes", {
      method: "POST",
      body: finetuneForm(new Uint8Array([0x50, 0x4b, 3, 4, 9])),
    });
    await grab("/api/finetunes", { method: "POST", body: "junk", headers: { "content-type": "text/plain" } });
    await postJson("/api/generations", { endpoint: ULTRA, finetune_id: ft.id, prompt: 5 });
    await postJson("/api/generations", { endpoint: "nope" });
    await grab("/api/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    for (const p of [
      "/api/generations/..%2F..%2Fetc%2Fpasswd/image",
      "/api/finetunes/%00",
      "/api/generations?limit=-1",
    ]) {
      await grab(p);
    }

    // Upstream faults on every kind of call: submit, poll, list, details.
    const submitPath = `/v1/${ULTRA}`;
    for (const kind of ["429", "500", "503", "hang", "reset", "malformed"]) {
      await simFault(sim, {
        kind,
        count: 1,
        path: submitPath,
        method: "POST",
        retry_after: 1,
        hang_ms: 3000,
      });
      await postJson("/api/generations", { endpoint: ULTRA, finetune_id: ft.id, prompt: `fault ${kind}` });
      await simFault(sim, { kind, count: 3, path: "/v1/my_finetunes", retry_after: 1, hang_ms: 3000 });
      await grab("/api/finetunes");
      await simFault(sim, { kind, count: 3, path: "/v1/finetune_details", retry_after: 1, hang_ms: 3000 });
      await grab(`/api/finetunes/${ft.id}`);
      await fetch(`${sim.url}/_simulator/faults`, { method: "DELETE" });
    }
    const logged = dash.output().length;
    await simFault(sim, { kind: "500", count: 20, path: "/v1/get_result" });
    const polled = await postJson("/api/generations", {
      endpoint: ULTRA,
      finetune_id: ft.id,
      prompt: "poll faults",
    });
    const polledId = generationEnvelopeSchema.safeParse(polled.json).data?.generation.id ?? "x";
    // Until the tracker has met (and logged) a failed poll: the 500s go to whichever task polls first.
    await waitFor("a failed poll logged", async () =>
      /poll of g:\S+ failed/.test(dash.output().slice(logged)),
    );
    await grab(`/api/generations/${polledId}`);
    await fetch(`${sim.url}/_simulator/faults`, { method: "DELETE" });
    // Out of credits (402) on a submission.
    await fetch(`${sim.url}/_simulator/credits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ credits: 0 }),
    });
    const broke = await postJson("/api/generations", {
      endpoint: ULTRA,
      finetune_id: ft.id,
      prompt: "no credits",
    });
    expect(broke.status).toBeGreaterThanOrEqual(400);
    // A finetune submission refused upstream.
    await simFault(sim, { kind: "500", count: 1, path: "/v1/finetune", method: "POST" });
    await grab("/api/finetunes", { method: "POST", body: finetuneForm(await datasetZip(2)) });
    await grab(`/api/generations/${genId}`, { method: "DELETE" });

    // Every page, as HTML and as an RSC payload, plus a 404.
    for (const p of [
      "/",
      "/new",
      "/finetunes",
      `/finetunes/${ft.id}`,
      "/playground",
      "/gallery",
      "/login",
      "/nope",
    ]) {
      await grab(p);
      await grab(p, { headers: { rsc: "1" } });
    }

    // Every static asset the build ships to browsers.
    const staticDir = path.resolve(import.meta.dirname, "../..", DIST, "static");
    const assets = listFiles(staticDir).map(
      (f) => `/_next/static/${path.relative(staticDir, f).split(path.sep).join("/")}`,
    );
    expect(assets.length).toBeGreaterThan(5);
    for (const a of assets) expect((await grab(a)).status, a).toBe(200);

    // Until the tracker is done with every faulted task (each final), so all it logs about them is in.
    await waitFor("every generation final", async () => {
      const list = generationListSchema.parse((await grab("/api/generations?limit=200")).json);
      return list.generations.every((g) => TERMINAL_GENERATION_STATUSES.has(g.status));
    });
    seen.push({ what: "dashboard stdout+stderr", text: dash.output() });

    expect(seen.length).toBeGreaterThan(60);
    const leaks = seen
      .filter((s) => s.text.includes(CANARY) || s.text.includes(CANARY.slice(8)))
      .map((s) => s.what);
    expect(leaks).toEqual([]);
    // The simulator checks the key, so the Ready image above proves the canary was really in play.
    const wrongKey = await fetch(`${sim.url}/v1/get_result?id=x`, { headers: { "x-key": "not-the-key" } });
    expect([401, 403]).toContain(wrongKey.status);
  });
});
