import { describe, expect, it } from "vitest";
import {
  EMPTY_LORA_FORM,
  loraEndpoint,
  loraFormErrors,
  loraFormFromLink,
  loraRequest,
  setBaseModel,
} from "@/lib/finetunes/lora-form";

describe("the Add LoRA form", () => {
  it("asks for each missing field in plain words", () => {
    expect(loraFormErrors(EMPTY_LORA_FORM)).toEqual({
      id: "The name is required.",
      base_model: "Choose the base model you chose when uploading it at BFL.",
    });
    const noPrecision = { ...EMPTY_LORA_FORM, id: "x", base_model: "klein-base-4b" as const };
    expect(loraFormErrors(noPrecision).precision).toMatch(/precision/);
  });

  it("refuses names BFL would not take, and accepts org-id/name", () => {
    const form = setBaseModel({ ...EMPTY_LORA_FORM, id: "My LoRA" }, "klein-9b");
    expect(loraFormErrors(form).id).toMatch(/^The name must be a LoRA name \(lowercase letters/);
    expect(loraFormErrors({ ...form, id: "../etc" }).id).toBeDefined();
    expect(loraRequest({ ...form, id: "acme-org/shared-lora", trigger_phrase: "  " })).toEqual({
      id: "acme-org/shared-lora",
      base_model: "klein-9b",
      precision: "fp8",
    });
  });

  it("picks the only precision a base model has and keeps a valid one", () => {
    expect(setBaseModel(EMPTY_LORA_FORM, "klein-4b").precision).toBe("fp8");
    expect(setBaseModel(EMPTY_LORA_FORM, "klein-9b-kv").precision).toBe("");
    const bf16 = { ...setBaseModel(EMPTY_LORA_FORM, "klein-9b-kv"), precision: "bf16" as const };
    expect(loraEndpoint(bf16)).toBe("flux-2-klein-9b-kv-bf16-finetuned");
    expect(setBaseModel(bf16, "klein-4b").precision).toBe("fp8");
  });

  it("prefills from the local export's link, ignoring a base model it does not know", () => {
    expect(loraFormFromLink("my-dog", "klein-base-4b")).toEqual(
      expect.objectContaining({ id: "my-dog", base_model: "klein-base-4b" }),
    );
    expect(loraFormFromLink("my-dog", "flux-pro")?.base_model).toBe("");
    expect(loraFormFromLink(undefined, "klein-base-4b")).toBeNull();
  });
});
