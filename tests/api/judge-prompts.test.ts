import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import { call, expectError, FAST_SIM_ENV } from "./server-helpers";

/** The prompt library over real HTTP on a real dashboard (SQLite migration 14). */

type Json = Record<string, unknown>;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url });
});

afterAll(() => stopServers(dash, sim));

const save = (body: unknown) =>
  call<{ prompt: Json }>(dash.url, "/api/prompts", { method: "POST", json: body });
const list = (qs = "") => call<{ prompts: Json[] }>(dash.url, `/api/prompts${qs}`);

describe("prompt library API", () => {
  it("saves global and per-finetune prompts and lists the right ones for a finetune", async () => {
    const g = await save({ title: " Desk shot ", text: "a photo of [trigger] on a desk" });
    expect(g.status, g.text).toBe(201);
    expect(g.body.prompt).toMatchObject({ title: "Desk shot", finetune_id: null });
    const a = await save({ title: "A only", text: "[trigger] at night", finetune_id: "ft-a" });
    const b = await save({ title: "B only", text: "[trigger] at noon", finetune_id: "ft-b" });
    expect([a.status, b.status]).toEqual([201, 201]);

    const forA = await list("?finetune_id=ft-a");
    expect(forA.body.prompts.map((p) => p.title).sort()).toEqual(["A only", "Desk shot"]);
    expect((await list()).body.prompts).toHaveLength(3);

    const id = String(a.body.prompt.id);
    const patched = await call<{ prompt: Json }>(dash.url, `/api/prompts/${id}`, {
      method: "PATCH",
      json: { text: "[trigger] under neon" },
    });
    expect(patched.body.prompt).toMatchObject({ title: "A only", text: "[trigger] under neon" });
    expect((await call(dash.url, `/api/prompts/${id}`, { method: "DELETE" })).status).toBe(200);
    expectError(await call(dash.url, `/api/prompts/${id}`, { method: "DELETE" }), 404, "not_found");
    expect((await list("?finetune_id=ft-a")).body.prompts.map((p) => p.title)).toEqual(["Desk shot"]);
  });

  it("refuses bad input with a specific message", async () => {
    expectError(
      await save({ title: "", text: "x" }),
      422,
      "validation_failed",
      /title: give the prompt a short title/,
    );
    expectError(
      await save({ title: "t", text: "   " }),
      422,
      "validation_failed",
      /text: the prompt is empty/,
    );
    expectError(
      await save({ title: "t", text: "x".repeat(2001) }),
      422,
      "validation_failed",
      /longer than 2000/,
    );
    expectError(
      await save({ title: "t", text: "x", finetune_id: "../etc" }),
      422,
      "validation_failed",
      /finetune_id: is not a valid finetune id/,
    );
    expectError(await save({ title: "t", text: "x", extra: 1 }), 422, "validation_failed", /extra/);
    expectError(await list("?finetune_id=..%2Fetc"), 400, "bad_request", /finetune_id/);
    expectError(
      await call(dash.url, "/api/prompts/not-a-uuid", { method: "PATCH", json: { title: "x" } }),
      400,
      "bad_request",
      /not a valid prompt id/,
    );
    expectError(
      await call(dash.url, "/api/prompts", {
        method: "POST",
        body: "{",
        headers: { "content-type": "application/json" },
      }),
      400,
      "bad_request",
      /not valid JSON/,
    );
  });

  it("exports the library as a file that imports into another dashboard, skipping duplicates", async () => {
    const exp = await fetch(`${dash.url}/api/prompts/export`);
    expect(exp.status).toBe(200);
    expect(exp.headers.get("content-disposition")).toBe('attachment; filename="prompts.json"');
    const file = (await exp.json()) as { format: string; prompts: Json[] };
    expect(file.format).toBe("finetune-studio-prompts");
    const before = (await list()).body.prompts.length;
    expect(file.prompts).toHaveLength(before);

    // Back into the same library: everything is already there.
    const again = await call(dash.url, "/api/prompts/import", { method: "POST", json: file });
    expect(again.body).toEqual({ imported: 0, skipped_duplicates: before });

    const extra = {
      ...file,
      prompts: [...file.prompts, { title: "New", text: "[trigger] in snow", finetune_id: "ft-c" }],
    };
    const added = await call(dash.url, "/api/prompts/import", { method: "POST", json: extra });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ imported: 1, skipped_duplicates: before });
    expect((await list("?finetune_id=ft-c")).body.prompts.map((p) => p.title)).toContain("New");

    expectError(
      await call(dash.url, "/api/prompts/import", { method: "POST", json: { ...file, format: "x" } }),
      422,
      "validation_failed",
      /format: is not "finetune-studio-prompts"/,
    );
    expectError(
      await call(dash.url, "/api/prompts/import", {
        method: "POST",
        json: { ...file, prompts: [{ title: "t", text: "x", finetune_id: "a b" }] },
      }),
      422,
      "validation_failed",
      /prompts\.0\.finetune_id/,
    );
  });
});
