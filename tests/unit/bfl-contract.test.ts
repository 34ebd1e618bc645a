import { describe, expect, it } from "vitest";
import {
  ASPECT_RATIO_PRESETS,
  aspectRatioSchema,
  BFL_STATUSES,
  cannyFinetunedSchema,
  creditsToUsd,
  DATASET_RULES,
  defaultLearningRate,
  deleteFinetuneResponseSchema,
  depthFinetunedSchema,
  ENDPOINT_INFO,
  effectiveLearningRate,
  FINETUNE_DEFAULTS,
  fillFinetunedSchema,
  finetuneCreateResponseSchema,
  finetuneDetailsResponseSchema,
  finetuneInputsSchema,
  INFERENCE_COST,
  INFERENCE_ENDPOINTS,
  INFERENCE_SCHEMAS,
  isBflDeliveryHost,
  isTerminalBflStatus,
  MAX_ACTIVE_TASKS,
  proFinetunedSchema,
  REGIONS,
  resultResponseSchema,
  TERMINAL_BFL_STATUSES,
  toValidationDetail,
  trainingCost,
  ultraFinetunedSchema,
  ultraSize,
  validationErrorBodySchema,
} from "@/lib/bfl";

const B64 = "aGVsbG8=";
const finetuneBase = { file_data: B64, finetune_comment: "c", mode: "general" };

describe("POST /v1/finetune (FinetuneInputs)", () => {
  it("fills every default from the guide", () => {
    const v = finetuneInputsSchema.parse(finetuneBase);
    expect(v).toMatchObject({
      trigger_word: "TOK",
      iterations: 300,
      learning_rate: null,
      captioning: true,
      priority: "quality",
      finetune_type: "full",
      lora_rank: 32,
    });
    expect(FINETUNE_DEFAULTS.iterations).toBe(300);
  });

  it("derives the learning rate from the finetune type (1e-5 full, 1e-4 lora)", () => {
    expect(defaultLearningRate("full")).toBe(1e-5);
    expect(defaultLearningRate("lora")).toBe(1e-4);
    expect(effectiveLearningRate({ learning_rate: null, finetune_type: "lora" })).toBe(1e-4);
    expect(effectiveLearningRate({ learning_rate: 3e-4, finetune_type: "full" })).toBe(3e-4);
  });

  it("requires file_data, finetune_comment and mode", () => {
    const r = finetuneInputsSchema.safeParse({});
    expect(r.success).toBe(false);
    const fields = toValidationDetail(r.error!.issues).map((i) => i.loc[1]);
    expect(fields).toEqual(expect.arrayContaining(["file_data", "finetune_comment", "mode"]));
  });

  it.each([
    ["iterations", 99, false],
    ["iterations", 100, true],
    ["iterations", 1000, true],
    ["iterations", 1001, false],
    ["iterations", 300.5, false],
    ["learning_rate", 1e-7, false],
    ["learning_rate", 1e-6, true],
    ["learning_rate", 0.005, true],
    ["learning_rate", 0.0051, false],
    ["lora_rank", 16, true],
    ["lora_rank", 32, true],
    ["lora_rank", 8, false],
    ["mode", "style", true],
    ["mode", "portrait", false],
    ["priority", "high_res_only", true],
    ["priority", "fast", false],
    ["finetune_type", "lora", true],
    ["finetune_type", "partial", false],
    ["captioning", "yes", false],
    ["webhook_url", "not a url", false],
    ["webhook_url", "https://example.com/hook", true],
  ])("%s = %s → valid %s", (field, value, ok) => {
    expect(finetuneInputsSchema.safeParse({ ...finetuneBase, [field]: value }).success).toBe(ok);
  });

  it("refuses file_data that is not base64", () => {
    expect(finetuneInputsSchema.safeParse({ ...finetuneBase, file_data: "not base64!!" }).success).toBe(
      false,
    );
  });

  it("reads both answer shapes of the create call", () => {
    expect(finetuneCreateResponseSchema.parse({ finetune_id: "a" })).toEqual({
      finetune_id: "a",
      polling_url: null,
    });
    expect(
      finetuneCreateResponseSchema.parse({
        id: "b",
        polling_url: "https://api.eu2.bfl.ai/v1/get_result?id=b",
      }),
    ).toEqual({
      finetune_id: "b",
      polling_url: "https://api.eu2.bfl.ai/v1/get_result?id=b",
    });
    expect(finetuneCreateResponseSchema.safeParse({}).success).toBe(false);
  });

  it("states the dataset rules of the guide", () => {
    expect(DATASET_RULES).toMatchObject({ minImages: 1, maxImages: 20 });
    expect(DATASET_RULES.imageExtensions).toEqual(["jpg", "jpeg", "png", "webp"]);
  });
});

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

describe("results, errors, pricing, regions", () => {
  it("knows the statuses; the in-flight ones and any unknown word are not terminal", () => {
    expect(BFL_STATUSES.filter((s) => !TERMINAL_BFL_STATUSES.has(s))).toEqual([
      "Pending",
      "Generating",
      "Reasoning",
    ]);
    expect(
      resultResponseSchema.safeParse({ id: "x", status: "Pending", result: null, progress: null }).success,
    ).toBe(true);
    // An unknown word is read (as still in flight), not refused as a broken answer.
    expect(resultResponseSchema.safeParse({ id: "x", status: "Thinking" }).success).toBe(true);
    expect(isTerminalBflStatus("Thinking")).toBe(false);
    expect(isTerminalBflStatus("Error")).toBe(true);
    expect(resultResponseSchema.safeParse({ id: "x", status: "" }).success).toBe(false);
  });

  it("turns zod issues into FastAPI's detail list", () => {
    const r = proFinetunedSchema.safeParse({ width: 100 });
    const detail = toValidationDetail(r.error!.issues);
    expect(validationErrorBodySchema.safeParse({ detail }).success).toBe(true);
    expect(detail).toContainEqual({ loc: ["body", "finetune_id"], msg: "Field required", type: "missing" });
    expect(detail.find((d) => d.loc[1] === "width")?.type).toBe("too_small");
    expect(toValidationDetail(r.error!.issues, "query")[0]!.loc[0]).toBe("query");
    // a present value of the wrong type is invalid_type, not "missing"
    const wrongType = proFinetunedSchema.safeParse({ finetune_id: 5 });
    expect(toValidationDetail(wrongType.error!.issues)).toEqual([
      { loc: ["body", "finetune_id"], msg: expect.stringMatching(/expected string/), type: "invalid_type" },
    ]);
    const withInput = proFinetunedSchema.safeParse({}, { reportInput: true });
    expect(toValidationDetail(withInput.error!.issues)[0]!.type).toBe("missing");
  });

  it("parses details and delete answers", () => {
    expect(
      finetuneDetailsResponseSchema.safeParse({
        finetune_details: { mode: "style", lora_rank: 16, extra: 1 },
      }).success,
    ).toBe(true);
    expect(
      deleteFinetuneResponseSchema.safeParse({
        status: "s",
        message: "m",
        deleted_finetune_id: "i",
        timestamp: "t",
      }).success,
    ).toBe(true);
  });

  it("prices training by iterations and images per endpoint", () => {
    expect(trainingCost(100)).toBe(200);
    expect(trainingCost(149)).toBe(200);
    expect(trainingCost(150)).toBe(400);
    expect(trainingCost(500)).toBe(400);
    expect(trainingCost(501)).toBe(600);
    expect(INFERENCE_COST["flux-pro-1.1-ultra-finetuned"]).toBe(7);
    expect(INFERENCE_COST["flux-pro-finetuned"]).toBe(6);
    expect(INFERENCE_COST["flux-pro-1.0-fill-finetuned"]).toBe(6);
    expect(creditsToUsd(7)).toBe("$0.07");
    expect(MAX_ACTIVE_TASKS).toBe(24);
  });

  it("knows the regional hosts and the delivery hosts", () => {
    expect(REGIONS).toEqual({
      global: "https://api.bfl.ai",
      eu: "https://api.eu.bfl.ai",
      us: "https://api.us.bfl.ai",
      us1: "https://api.us1.bfl.ai",
      eu1: "https://api.eu1.bfl.ai",
    });
    expect(isBflDeliveryHost("delivery-eu1.bfl.ai")).toBe(true);
    expect(isBflDeliveryHost("delivery.eu2.bfl.ai")).toBe(true);
    expect(isBflDeliveryHost("bflapistorage.blob.core.windows.net")).toBe(true);
    expect(isBflDeliveryHost("evil.example.com")).toBe(false);
    expect(isBflDeliveryHost("delivery.bfl.ai.evil.com")).toBe(false);
  });
});
