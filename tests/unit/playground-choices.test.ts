import { describe, expect, it } from "vitest";
import type { LoraFinetune } from "@/lib/api/types";
import { endpointOptions, fitEndpoint, playgroundChoices } from "@/lib/playground/choices";
import { endpointFields } from "@/lib/playground/form-model";
import { generationCostText, priceText } from "@/lib/playground/pricing";
import { buildRequest, defaultSettings, requestProblem, switchEndpoint } from "@/lib/playground/settings";
import { sweepCost } from "@/lib/playground/sweep";
import { makeFinetune } from "./finetunes-fixtures";

const lora = (over: Partial<LoraFinetune> = {}): LoraFinetune => ({
  id: "my-style-lora",
  name: "my-style-lora",
  owner_org_id: null,
  base_model: "klein-9b",
  precision: "fp8",
  trigger_phrase: "mystyle",
  source: "added",
  endpoints: ["flux-2-klein-9b-finetuned"],
  created_at: "2026-12-01T10:00:00.000Z",
  ...over,
});

describe("playgroundChoices", () => {
  it("lists LoRAs by name (never Untitled) and Ready FLUX.1 finetunes", () => {
    const choices = playgroundChoices(
      [
        makeFinetune({ id: "ft-ready", status: "Ready" }),
        makeFinetune({ id: "ft-pending" }),
        makeFinetune({ id: "ft-other", status: "Ready", region_mismatch: true }),
      ],
      [
        lora(),
        lora({
          id: "acme-org/shared",
          name: "shared",
          owner_org_id: "acme-org",
          base_model: null,
          precision: null,
        }),
      ],
    );
    expect(choices.map((c) => [c.id, c.label, c.detail])).toEqual([
      ["my-style-lora", "my-style-lora", "LoRA · FLUX.2 [klein] 9B · FP8"],
      ["acme-org/shared", "acme-org/shared", "LoRA · base model unknown"],
      ["ft-ready", "Red mug", "TOK · product"],
    ]);
  });
});

describe("endpointOptions", () => {
  const [klein, shared, flux1] = playgroundChoices(
    [makeFinetune({ status: "Ready" })],
    [lora(), lora({ id: "acme-org/x", base_model: null, precision: null })],
  );

  it("offers a klein LoRA only the endpoint of its base model and precision", () => {
    expect(endpointOptions(klein!, { live: true })).toEqual([
      { endpoint: "flux-2-klein-9b-finetuned", disabledReason: null },
    ]);
  });

  it("offers every klein endpoint when BFL did not say the base model", () => {
    expect(endpointOptions(shared!, { live: true }).map((o) => o.endpoint)).toHaveLength(6);
  });

  it("greys retired FLUX.1 endpoints in live mode with the reason, all five on the beta", () => {
    const live = endpointOptions(flux1!, { live: true });
    expect(live.filter((o) => !o.disabledReason).map((o) => o.endpoint)).toEqual([
      "flux-pro-1.1-ultra-finetuned",
      "flux-pro-1.0-fill-finetuned",
    ]);
    expect(live.find((o) => o.endpoint === "flux-pro-finetuned")?.disabledReason).toMatch(/retired/);
    expect(endpointOptions(flux1!, { live: false }).every((o) => !o.disabledReason)).toBe(true);
  });

  it("greys an endpoint the server learned is gone, with its reason", () => {
    const learned = new Map([["flux-pro-1.1-ultra-finetuned", "BFL answered 404 for it on 2026-12-03."]]);
    const opts = endpointOptions(flux1!, { live: false, learned });
    expect(opts.find((o) => o.endpoint === "flux-pro-1.1-ultra-finetuned")?.disabledReason).toBe(
      "BFL answered 404 for it on 2026-12-03.",
    );
  });

  it("fitEndpoint moves to a usable endpoint", () => {
    expect(fitEndpoint("flux-pro-1.1-ultra-finetuned", endpointOptions(klein!, { live: true }))).toBe(
      "flux-2-klein-9b-finetuned",
    );
    expect(fitEndpoint("flux-pro-finetuned", endpointOptions(flux1!, { live: true }))).toBe(
      "flux-pro-1.1-ultra-finetuned",
    );
    expect(fitEndpoint("flux-pro-finetuned", endpointOptions(flux1!, { live: false }))).toBe(
      "flux-pro-finetuned",
    );
  });
});

describe("the klein form", () => {
  it("is derived from the klein schema: size, safety 0-5, output format", () => {
    const fields = endpointFields("flux-2-klein-9b-finetuned");
    expect(fields.map((f) => f.name)).toEqual(["width", "height", "safety_tolerance", "output_format"]);
    expect(fields[0]).toEqual(expect.objectContaining({ min: 64, max: 2048, default: 1024 }));
    expect(fields[2]).toEqual(
      expect.objectContaining({ max: 5, help: "0 is the strictest moderation, 5 the most lenient." }),
    );
  });

  it("builds a request the klein schema accepts, with the LoRA name as finetune_id", () => {
    const s = switchEndpoint(
      { ...defaultSettings(), finetune_id: "acme-org/shared-lora", prompt: "mystyle, a fox" },
      "flux-2-klein-9b-finetuned",
    );
    expect(s.finetune_strength).toBe(1);
    const body = buildRequest({ ...s, seed: 7 }, {});
    expect(body).toEqual(
      expect.objectContaining({
        endpoint: "flux-2-klein-9b-finetuned",
        finetune_id: "acme-org/shared-lora",
        width: 1024,
      }),
    );
    expect(requestProblem(body)).toBeNull();
    expect(requestProblem({ ...body, prompt: " " })).toMatch(/prompt/);
  });
});

describe("klein pricing", () => {
  it("says 'from' the first megapixel's price and never shows float noise", () => {
    expect(priceText("flux-2-klein-9b-finetuned")).toBe("from 1.5 credits (first MP)");
    expect(priceText("flux-pro-1.1-ultra-finetuned")).toBe("7 credits");
    expect(generationCostText("flux-2-klein-4b-finetuned")).toBe(
      "from 1.4 credits ($0.014) for the first megapixel",
    );
    expect(sweepCost("flux-2-klein-4b-finetuned", 6).text).toBe(
      "6 images × from 1.4 credits = from 8.4 credits ($0.084)",
    );
  });
});
