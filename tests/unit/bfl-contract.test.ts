import { describe, expect, it } from "vitest";
import {
  BFL_STATUSES,
  creditsToUsd,
  DATASET_RULES,
  defaultLearningRate,
  deleteFinetuneResponseSchema,
  effectiveLearningRate,
  FINETUNE_DEFAULTS,
  finetuneCreateResponseSchema,
  finetuneDetailsResponseSchema,
  finetuneInputsSchema,
  INFERENCE_COST,
  isBflDeliveryHost,
  isTerminalBflStatus,
  MAX_ACTIVE_TASKS,
  proFinetunedSchema,
  REGIONS,
  resultResponseSchema,
  TERMINAL_BFL_STATUSES,
  toValidationDetail,
  trainingCost,
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
