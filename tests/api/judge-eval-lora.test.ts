import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvalSet, EvalSubject } from "@/lib/judge/eval-set";
import { type RunningServer, removeDir, startDashboard, startSimulator } from "../helpers/servers";
import { call, expectError, FAST_SIM_ENV, waitGeneration } from "./server-helpers";

/**
 * Eval sets of FLUX.2 [klein] LoRAs over real HTTP, on both simulator profiles: the LoRA's own klein
 * endpoint, its trigger phrase in `[trigger]`, on demand only (no opt-in). Live: every image stored and
 * the run readable as the contact sheet's comparison. Beta (no klein endpoints in 2024): a clear refusal
 * that keeps nothing.
 */

type Json = Record<string, unknown>;
type Envelope = { eval_set: EvalSet; subject: EvalSubject };

for (const profile of ["beta", "live"] as const) {
  describe(`klein LoRA eval sets (simulator ${profile} profile)`, () => {
    let sim: RunningServer & { dataDir: string };
    let dash: RunningServer & { dataDir: string };
    beforeAll(async () => {
      sim = await startSimulator({ profile, env: FAST_SIM_ENV });
      dash = await startDashboard({ bflUrl: sim.url });
    });
    afterAll(async () => {
      await dash?.stop();
      await sim?.stop();
      for (const s of [dash, sim]) if (s) removeDir(s.dataDir);
    });

    const evalUrl = (id: string) => `/api/finetunes/${encodeURIComponent(id)}/eval-set`;
    const put = (id: string, body: unknown) =>
      call<Envelope>(dash.url, evalUrl(id), { method: "PUT", json: body });

    it("runs on the LoRA's klein endpoint with its trigger phrase, on demand", async () => {
      const lora = "acme-org/klein-mug";
      const added = await call(dash.url, "/api/loras", {
        method: "POST",
        json: { id: lora, base_model: "klein-4b", precision: "fp8", trigger_phrase: "zk mug" },
      });
      expect(added.status, added.text).toBe(201);

      const defaults = await call<Envelope>(dash.url, evalUrl(lora));
      expect(defaults.status, defaults.text).toBe(200);
      expect(defaults.body.subject).toEqual({
        kind: "lora",
        endpoints: ["flux-2-klein-4b-finetuned"],
        trigger: "zk mug",
      });
      expect(defaults.body.eval_set).toMatchObject({
        finetune_id: lora,
        stored: false,
        enabled: false,
        endpoint: "flux-2-klein-4b-finetuned",
        last_run_id: null,
      });

      const body = {
        enabled: false,
        endpoint: "flux-2-klein-4b-finetuned",
        prompts: ["[trigger] on a desk", "a shelf with [trigger]"],
        strengths: [0, 1.2],
        seed: 7,
      };
      expectError(
        await put(lora, { ...body, enabled: true }),
        422,
        "validation_failed",
        /enabled: a LoRA is Ready as soon as it is added.*on demand/,
      );
      expectError(
        await put(lora, { ...body, endpoint: "flux-pro-1.1-ultra-finetuned" }),
        422,
        "validation_failed",
        /use flux-2-klein-4b-finetuned/,
      );
      expectError(
        await put(lora, { ...body, endpoint: "flux-2-klein-9b-finetuned" }),
        422,
        "validation_failed",
        /use flux-2-klein-4b-finetuned/,
      );
      expectError(
        await call(dash.url, `${evalUrl(lora)}/run`, { method: "POST" }),
        422,
        "validation_failed",
        /Save the eval set first/,
      );
      const saved = await put(lora, body);
      expect(saved.status, saved.text).toBe(200);
      expect(saved.body.eval_set).toMatchObject({ stored: true, enabled: false, seed: 7 });

      const run = await call<Envelope>(dash.url, `${evalUrl(lora)}/run`, { method: "POST" });
      if (profile === "beta") {
        // The 2024 beta has no klein endpoints: the run is refused with the reason, and nothing is kept
        // (no empty contact sheet); the dashboard now knows the endpoint is gone and offers none.
        expectError(run, 410, "bfl_retired", /flux-2-klein-4b-finetuned/);
        const after = (await call<Envelope>(dash.url, evalUrl(lora))).body;
        expect(after.eval_set.last_run_id).toBeNull();
        expect(after.subject.endpoints).toEqual([]);
        const gens = await call<{ generations: Json[] }>(
          dash.url,
          `/api/generations?finetune_id=${encodeURIComponent(lora)}&limit=50`,
        );
        expect(gens.body.generations).toEqual([]);
        return;
      }
      expect(run.status, run.text).toBe(202);
      const runId = String(run.body.eval_set.last_run_id);
      expect(runId).toMatch(/^cmp-4x-/);

      const sheet = await call<{ generations: Json[] }>(dash.url, `/api/comparisons/${runId}`);
      expect(sheet.body.generations).toHaveLength(4);
      const done = await Promise.all(sheet.body.generations.map((g) => waitGeneration(dash, String(g.id))));
      for (const g of done) {
        expect(g, JSON.stringify(g.error)).toMatchObject({
          status: "Ready",
          endpoint: "flux-2-klein-4b-finetuned",
          finetune_id: lora,
          seed: 7,
          sweep_id: runId,
        });
        const img = await fetch(`${dash.url}${String(g.image_url)}`);
        expect(img.status).toBe(200);
        expect((await img.arrayBuffer()).byteLength).toBeGreaterThan(100);
      }
      expect(done.map((g) => `${String(g.prompt)}@${String(g.finetune_strength)}`).sort()).toEqual([
        "a shelf with zk mug@0",
        "a shelf with zk mug@1.2",
        "zk mug on a desk@0",
        "zk mug on a desk@1.2",
      ]);
      // Live BFL reports each image's cost (klein 4B: 1.4 credits per megapixel, 1 MP here).
      for (const g of done) expect(g.cost).toBeGreaterThanOrEqual(1.4);
    });

    it("refuses a name that is neither a finetune nor a LoRA BFL has, and a LoRA of unknown base model", async () => {
      expectError(await call(dash.url, evalUrl("never-added-lora")), 404, "not_found");
      // Live BFL lists my-style-lora without its base model: no endpoint to run a set on until it is set.
      if (profile === "live")
        expectError(await call(dash.url, evalUrl("my-style-lora")), 422, "validation_failed", /base model/);
    });
  });
}
