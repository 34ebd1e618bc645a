import { describe, expect, it } from "vitest";
import { ENDPOINT_INFO, INFERENCE_ENDPOINTS, INFERENCE_SCHEMAS } from "@/lib/bfl";
import { clampField, endpointDefaults, endpointFields } from "@/lib/playground/form-model";
import {
  buildRequest,
  defaultSettings,
  formProblems,
  requestProblem,
  settingsFromGeneration,
  switchEndpoint,
} from "@/lib/playground/settings";

const names = (e: (typeof INFERENCE_ENDPOINTS)[number]) =>
  endpointFields(e)
    .map((f) => f.name)
    .sort();

describe("form model per endpoint", () => {
  it("shows exactly each endpoint's own parameters", () => {
    expect(names("flux-pro-1.1-ultra-finetuned")).toEqual(
      [
        "aspect_ratio",
        "image_prompt_strength",
        "output_format",
        "prompt_upsampling",
        "safety_tolerance",
      ].sort(),
    );
    expect(names("flux-pro-finetuned")).toEqual(
      [
        "guidance",
        "height",
        "output_format",
        "prompt_upsampling",
        "safety_tolerance",
        "steps",
        "width",
      ].sort(),
    );
    expect(names("flux-pro-1.0-depth-finetuned")).toEqual(
      ["guidance", "output_format", "prompt_upsampling", "safety_tolerance", "steps"].sort(),
    );
    expect(names("flux-pro-1.0-canny-finetuned")).toEqual(
      [
        "canny_high_threshold",
        "canny_low_threshold",
        "guidance",
        "output_format",
        "prompt_upsampling",
        "safety_tolerance",
        "steps",
      ].sort(),
    );
    expect(names("flux-pro-1.0-fill-finetuned")).toEqual(
      ["guidance", "output_format", "prompt_upsampling", "safety_tolerance", "steps"].sort(),
    );
  });

  it("takes ranges and defaults from the BFL schemas", () => {
    const pro = Object.fromEntries(endpointFields("flux-pro-finetuned").map((f) => [f.name, f]));
    expect(pro.width).toMatchObject({ min: 256, max: 1440, step: 32, default: 1024, advanced: false });
    expect(pro.height).toMatchObject({ default: 768, step: 32 });
    expect(pro.steps).toMatchObject({ min: 1, max: 50, default: 40, advanced: true });
    expect(pro.guidance).toMatchObject({ min: 1.5, max: 5, default: 2.5 });
    expect(endpointDefaults("flux-pro-1.0-depth-finetuned")).toMatchObject({ steps: 50, guidance: 15 });
    expect(endpointDefaults("flux-pro-1.0-canny-finetuned")).toMatchObject({
      guidance: 30,
      canny_low_threshold: 50,
      canny_high_threshold: 200,
    });
    expect(endpointDefaults("flux-pro-1.0-fill-finetuned")).toMatchObject({ guidance: 60, steps: 50 });
    const ultra = endpointFields("flux-pro-1.1-ultra-finetuned").find((f) => f.name === "aspect_ratio");
    expect(ultra).toMatchObject({ kind: "aspect_ratio", default: "16:9" });
    expect(ultra?.options).toContain("21:9");
    const fmt = endpointFields("flux-pro-1.1-ultra-finetuned").find((f) => f.name === "output_format");
    expect(fmt).toMatchObject({ kind: "enum", options: ["jpeg", "png"], default: "jpeg" });
  });

  it("starts strength at the endpoint default and resets it on switch", () => {
    expect(defaultSettings("flux-pro-1.1-ultra-finetuned").finetune_strength).toBe(1.2);
    const s = { ...defaultSettings("flux-pro-1.1-ultra-finetuned", "ft"), prompt: "TOK dog", seed: 7 };
    const pro = switchEndpoint({ ...s, params: { ...s.params, safety_tolerance: 5 } }, "flux-pro-finetuned");
    expect(pro).toMatchObject({ finetune_strength: 1.1, prompt: "TOK dog", seed: 7 });
    expect(pro.params).toMatchObject({ width: 1024, safety_tolerance: 5 });
    expect(pro.params).not.toHaveProperty("aspect_ratio");
  });

  it("clamps numbers into range and onto the 32-pixel grid", () => {
    const width = endpointFields("flux-pro-finetuned").find((f) => f.name === "width")!;
    expect(clampField(width, 1000)).toBe(992);
    expect(clampField(width, 5000)).toBe(1440);
    expect(clampField(width, 10)).toBe(256);
    expect(clampField(width, Number.NaN)).toBe(1024);
  });

  it("builds a body every endpoint schema accepts, and names what is missing", () => {
    const img = {
      base64: "aGVsbG8=",
      mime: "image/png",
      width: 8,
      height: 8,
      originalWidth: 8,
      originalHeight: 8,
      name: "a.png",
    };
    for (const e of INFERENCE_ENDPOINTS) {
      const s = { ...defaultSettings(e, "ft-1"), prompt: "TOK", seed: 42 };
      const images = e.includes("fill")
        ? { image: img, mask: img }
        : e.includes("depth") || e.includes("canny")
          ? { control_image: img }
          : {};
      expect(formProblems(s, images)).toEqual([]);
      const body = buildRequest(s, images, { sweep_id: "sw" });
      expect(requestProblem(body)).toBeNull();
      const { endpoint: _e, sweep_id: _s, ...rest } = body;
      expect(INFERENCE_SCHEMAS[e].safeParse(rest).success).toBe(true);
      expect(body.finetune_strength).toBe(ENDPOINT_INFO[e].defaultStrength);
    }
    expect(formProblems(defaultSettings("flux-pro-1.0-depth-finetuned", "ft"), {})).toEqual([
      "Depth needs a prompt.",
      "Upload a control image first.",
    ]);
    expect(formProblems(defaultSettings("flux-pro-1.0-fill-finetuned", "ft"), { image: img })).toEqual([
      "Paint the area to repaint on the image, or upload a mask.",
    ]);
    const bad = {
      ...defaultSettings("flux-pro-finetuned", "ft"),
      prompt: "TOK on a bench",
      params: { ...endpointDefaults("flux-pro-finetuned"), width: 1000 },
    };
    expect(formProblems(bad, {})).toEqual(["Width (px) must be a multiple of 32."]);
  });

  it("restores a generation's settings, ignoring unknown and out-of-range values", () => {
    const s = settingsFromGeneration({
      endpoint: "flux-pro-finetuned",
      finetune_id: "ft-9",
      finetune_strength: 0.6,
      prompt: "TOK on grass",
      seed: 1234,
      params: { width: 512, height: 9999, steps: 20, bogus: "x", guidance: "3" },
    });
    expect(s).toMatchObject({
      endpoint: "flux-pro-finetuned",
      finetune_strength: 0.6,
      seed: 1234,
      seedLocked: true,
    });
    expect(s.params).toMatchObject({ width: 512, height: 1440, steps: 20 });
    expect(s.params).not.toHaveProperty("bogus");
  });
});
