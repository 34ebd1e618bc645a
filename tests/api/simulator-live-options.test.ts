import { afterAll, describe, expect, it } from "vitest";
import { SimClient } from "../fixtures/simulator-client";
import { freePort, OwnServers } from "../helpers/servers";

/** The live profile's options over real HTTP: error share, object-mixed lists, beta data, the poll port. */

const own = new OwnServers();
afterAll(() => own.stopAll());
const launch = (env: Record<string, string>, dataDir?: string) =>
  own.simulator({ profile: "live", env, dataDir });

const KLEIN_9B = "/v1/flux-2-klein-9b-finetuned";

describe("live profile options", () => {
  it("SIMULATOR_ERROR_SHARE fails that share of tasks, alternating 503 and 422, uncharged", async () => {
    const sim = await launch({ SIMULATOR_ERROR_SHARE: "0.5", SIMULATOR_INFERENCE_SECONDS: "0.1" });
    const api = new SimClient(sim.url);
    const before = (await api.get("/v1/credits")).body.credits ?? 0;
    const outcomes: [number, string][] = [];
    for (let i = 0; i < 4; i++) {
      const sub = await api.post(KLEIN_9B, {
        finetune_id: "my-style-lora",
        prompt: "p",
        width: 128,
        height: 128,
      });
      await api.complete(sub.body.id ?? "");
      const res = await api.get(sub.body.polling_url ?? "");
      outcomes.push([res.status, String(res.body.status)]);
    }
    expect(outcomes).toEqual([
      [200, "Ready"],
      [503, "Error"],
      [200, "Ready"],
      [422, "Error"],
    ]);
    expect((await api.get("/v1/credits")).body.credits).toBeCloseTo(before - 2 * 1.5, 5);
  });

  it("my_finetunes can mix objects in, and finetune_details can answer a partial object", async () => {
    const sim = await launch({
      SIMULATOR_LORAS: "my-style-lora:klein-9b:fp8",
      SIMULATOR_MY_FINETUNES: "mixed",
      SIMULATOR_LORA_DETAILS: "partial",
    });
    const api = new SimClient(sim.url);
    const ft = await api.legacyFinetune();
    expect((await api.get("/v1/my_finetunes")).body.finetunes).toEqual([
      ft,
      { finetune_id: "my-style-lora", base_model: "klein-9b", precision: "fp8" },
    ]);
    const details = await api.get("/v1/finetune_details?finetune_id=my-style-lora");
    expect(details.status).toBe(200);
    expect(details.body.finetune_details).toEqual({
      name: "my-style-lora",
      finetune_type: "lora",
      base_model: "klein-9b",
      precision: "fp8",
    });
  });

  it("finetunes trained under beta serve on ultra after a restart in live; /v1/finetune is then gone", async () => {
    const beta = await own.simulator({ env: { SIMULATOR_INFERENCE_SECONDS: "0.1" } });
    const id = await new SimClient(beta.url).readyFinetune();
    await beta.stop();
    const live = await launch({ SIMULATOR_LORAS: "my-style-lora:klein-9b:fp8" }, beta.dataDir);
    const api = new SimClient(live.url);
    expect((await api.get("/v1/my_finetunes")).body.finetunes).toEqual([id, "my-style-lora"]);
    expect((await api.post("/v1/finetune", {})).status).toBe(404);
    const gen = await api.generate("flux-pro-1.1-ultra-finetuned", {
      finetune_id: id,
      prompt: "x",
      aspect_ratio: "1:1",
    });
    expect(gen.result.sample.startsWith(live.url)).toBe(true);
    expect(gen.image.length).toBeGreaterThan(1000);
  }, 60_000);

  it("SIMULATOR_POLL_PORT fixes the regional listener's port", async () => {
    const port = await freePort();
    const sim = await launch({ SIMULATOR_POLL_PORT: String(port) });
    const health = await (await fetch(`${sim.url}/_simulator/health`)).json();
    expect(health.poll_url).toBe(`http://127.0.0.1:${port}`);
    // Only get_result lives there.
    const api = new SimClient(`http://127.0.0.1:${port}`);
    expect((await api.get("/v1/my_finetunes")).status).toBe(404);
    expect((await api.get("/_simulator/health")).status).toBe(404);
    expect((await api.result("unknown")).body.status).toBe("Task not found");
  });
});
