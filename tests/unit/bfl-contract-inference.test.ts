import { describe, expect, it } from "vitest";
import {
  ASPECT_RATIO_PRESETS,
  aspectRatioSchema,
  cannyFinetunedSchema,
  depthFinetunedSchema,
  ENDPOINT_INFO,
  fillFinetunedSchema,
  INFERENCE_COST,
  INFERENCE_ENDPOINTS,
  INFERENCE_SCHEMAS,
  proFinetunedSchema,
  toValidationDetail,
  ultraFinetunedSchema,
  ultraSize,
} from "@/lib/bfl";

const B64 = "aGVsbG8=";

/** The BFL contract of the inference endpoints: schemas, defaults, ranges and sizes of each. */
describe("inference endpoints", () => {
  it("has a schema, a price and info for each of the five FLUX.1 and six klein endpoints", () => {
    expect(INFERENCE_ENDPOINTS).toHaveLength(11);
    for (const e of INFERENCE_ENDPOINTS) {
      expect(INFERENCE_SCHEMAS[e]).toBeDefined();
      expect(INFERENCE_COST[e]).toBeGreaterThan(0);
      const strength = e === "flux-pro-1.1-ultra-finetuned" ? 1.2 : e.startsWith("flux-2-klein-") ? 1 : 1.1;
      expect(ENDPOINT_INFO[e].defaultStrength).toBe(strength);
    }
  });

  it("ultra: defaults and ranges", () => {
    const v = ultraFinetunedSchema.parse({ finetune_id: "f" });
    expect(v).toMatchObject({
      finetune_strength: 1.2,
      prompt: "",
      aspect_ratio: "16:9",
      safety_tolerance: 2,
      output_format: "jpeg",
      image_prompt_strength: 0.1,
      prompt_upsampling: false,
    });
    expect(ultraFinetunedSchema.safeParse({}).success).toBe(false);
    expect(ultraFinetunedSchema.safeParse({ finetune_id: "f", finetune_strength: 2.01 }).success).toBe(false);
    expect(ultraFinetunedSchema.safeParse({ finetune_id: "f", finetune_strength: -0.1 }).success).toBe(false);
    expect(ultraFinetunedSchema.safeParse({ finetune_id: "f", image_prompt_strength: 1.5 }).success).toBe(
      false,
    );
    expect(ultraFinetunedSchema.safeParse({ finetune_id: "f", output_format: "webp" }).success).toBe(false);
    expect(ultraFinetunedSchema.safeParse({ finetune_id: "f", safety_tolerance: 7 }).success).toBe(false);
    expect(ultraFinetunedSchema.safeParse({ finetune_id: "f", seed: null }).success).toBe(true);
  });

  it("ultra: aspect ratios between 21:9 and 9:21", () => {
    for (const p of ASPECT_RATIO_PRESETS) expect(aspectRatioSchema.safeParse(p).success).toBe(true);
    for (const bad of ["22:9", "9:22", "16x9", "0:1", "1:0", "abc", "3:1"]) {
      expect(aspectRatioSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("pro: defaults, width/height multiples of 32 from 256 to 1440, steps and guidance", () => {
    expect(proFinetunedSchema.parse({ finetune_id: "f" })).toMatchObject({
      finetune_strength: 1.1,
      steps: 40,
      guidance: 2.5,
      width: 1024,
      height: 768,
      output_format: "jpeg",
    });
    const ok = (b: object) => proFinetunedSchema.safeParse({ finetune_id: "f", ...b }).success;
    expect(ok({ width: 256, height: 1440 })).toBe(true);
    expect(ok({ width: 224 })).toBe(false);
    expect(ok({ width: 1472 })).toBe(false);
    expect(ok({ width: 1000 })).toBe(false);
    expect(ok({ steps: 0 })).toBe(false);
    expect(ok({ steps: 51 })).toBe(false);
    expect(ok({ guidance: 1.4 })).toBe(false);
    expect(ok({ guidance: 5.1 })).toBe(false);
    expect(ok({ seed: null })).toBe(false);
    expect(ok({ output_format: null })).toBe(false);
  });

  it("depth and canny require prompt and control_image", () => {
    for (const schema of [depthFinetunedSchema, cannyFinetunedSchema]) {
      const r = schema.safeParse({ finetune_id: "f" });
      expect(r.success).toBe(false);
      const missing = toValidationDetail(r.error!.issues)
        .filter((i) => i.type === "missing")
        .map((i) => i.loc[1]);
      expect(missing).toEqual(expect.arrayContaining(["prompt", "control_image"]));
    }
    expect(depthFinetunedSchema.parse({ finetune_id: "f", prompt: "p", control_image: B64 })).toMatchObject({
      steps: 50,
      guidance: 15,
      finetune_strength: 1.1,
    });
    const canny = cannyFinetunedSchema.parse({ finetune_id: "f", prompt: "p", control_image: B64 });
    expect(canny).toMatchObject({
      canny_low_threshold: 50,
      canny_high_threshold: 200,
      guidance: 30,
      steps: 50,
    });
    const ok = (b: object) =>
      cannyFinetunedSchema.safeParse({ finetune_id: "f", prompt: "p", control_image: B64, ...b }).success;
    expect(ok({ canny_low_threshold: 501 })).toBe(false);
    expect(ok({ canny_high_threshold: -1 })).toBe(false);
    expect(ok({ steps: 14 })).toBe(false);
    expect(ok({ guidance: 101 })).toBe(false);
  });

  it("fill requires image and takes an optional mask", () => {
    expect(fillFinetunedSchema.safeParse({ finetune_id: "f" }).success).toBe(false);
    expect(fillFinetunedSchema.parse({ finetune_id: "f", image: B64 })).toMatchObject({
      steps: 50,
      guidance: 60,
      prompt: "",
    });
    expect(fillFinetunedSchema.safeParse({ finetune_id: "f", image: B64, mask: B64 }).success).toBe(true);
  });

  it("ignores unknown fields like pydantic (e.g. raw on ultra)", () => {
    const v = ultraFinetunedSchema.parse({ finetune_id: "f", raw: true });
    expect("raw" in v).toBe(false);
  });

  it("ultraSize keeps the ratio and rounds to 32", () => {
    const s = ultraSize("16:9");
    expect(s.width % 32).toBe(0);
    expect(s.height % 32).toBe(0);
    expect(s.width / s.height).toBeCloseTo(16 / 9, 1);
    expect((s.width * s.height) / 2 ** 20).toBeCloseTo(4, 0);
    const one = ultraSize("1:1", 1);
    expect(one).toEqual({ width: 1024, height: 1024 });
  });
});
