import { describe, expect, it } from "vitest";
import { addLoraRequestSchema } from "@/lib/api/types";
import {
  bflTaskReason,
  creditsToUsd,
  DEFAULT_REGION,
  entryFinetuneId,
  finetuneDetailsResponseSchema,
  finetuneIdSchema,
  INFERENCE_COST,
  KLEIN_ENDPOINTS,
  kleinEndpointFor,
  kleinFinetunedSchema,
  RETIRED_CALLS,
  retiredCall,
  retiredEndpoint,
  servingEndpoints,
  splitFinetuneId,
} from "@/lib/bfl";

describe("FLUX.2 [klein] finetuned endpoints", () => {
  it("has the six endpoints with the klein schema", () => {
    expect(KLEIN_ENDPOINTS).toEqual([
      "flux-2-klein-4b-finetuned",
      "flux-2-klein-9b-finetuned",
      "flux-2-klein-9b-kv-finetuned",
      "flux-2-klein-9b-kv-bf16-finetuned",
      "flux-2-klein-base-4b-finetuned",
      "flux-2-klein-base-9b-finetuned",
    ]);
    const v = kleinFinetunedSchema.parse({ finetune_id: "my-style-lora", prompt: "a cat" });
    expect(v).toMatchObject({ finetune_strength: 1, safety_tolerance: 2, output_format: "jpeg" });
    expect(kleinFinetunedSchema.safeParse({ finetune_id: "x" }).success).toBe(false);
    expect(kleinFinetunedSchema.safeParse({ finetune_id: "x", prompt: "p", width: 63 }).success).toBe(false);
    expect(kleinFinetunedSchema.safeParse({ finetune_id: "x", prompt: "p", width: null }).success).toBe(true);
    expect(
      kleinFinetunedSchema.safeParse({ finetune_id: "x", prompt: "p", safety_tolerance: 6 }).success,
    ).toBe(false);
    expect(
      kleinFinetunedSchema.safeParse({ finetune_id: "x", prompt: "p", output_format: "webp" }).success,
    ).toBe(true);
    expect(
      kleinFinetunedSchema.safeParse({ finetune_id: "x", prompt: "p", finetune_strength: 2.1 }).success,
    ).toBe(false);
  });

  it("maps a base model and precision to its endpoint", () => {
    expect(kleinEndpointFor("klein-9b", "fp8")).toBe("flux-2-klein-9b-finetuned");
    expect(kleinEndpointFor("klein-9b-kv", "bf16")).toBe("flux-2-klein-9b-kv-bf16-finetuned");
    expect(kleinEndpointFor("klein-4b", "bf16")).toBeNull();
  });

  it("prices klein from its first megapixel", () => {
    expect(INFERENCE_COST["flux-2-klein-4b-finetuned"]).toBe(1.4);
    expect(INFERENCE_COST["flux-2-klein-9b-finetuned"]).toBe(1.5);
    expect(creditsToUsd(1.4)).toBe("$0.014");
    expect(creditsToUsd(7)).toBe("$0.07");
  });
});

describe("finetune ids", () => {
  it("accepts UUIDs, LoRA names and org-id/name; refuses paths and junk", () => {
    for (const ok of [
      "0b6e1e0c-8a3f-4c57-9b0e-1f2a3b4c5d6e",
      "my-style-lora",
      "a_b",
      "acme-org/shared-lora",
    ]) {
      expect(finetuneIdSchema.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ["", "../etc", "a/b/c", "a.b", "/x", "x/", "a b", "%2e%2e"]) {
      expect(finetuneIdSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(splitFinetuneId("acme-org/shared-lora")).toEqual({ org: "acme-org", name: "shared-lora" });
    expect(splitFinetuneId("mine")).toEqual({ org: null, name: "mine" });
  });

  it("adds a LoRA by a lowercase name only", () => {
    const ok = addLoraRequestSchema.safeParse({ id: "my-lora", base_model: "klein-9b", precision: "fp8" });
    expect(ok.success).toBe(true);
    const bad = addLoraRequestSchema.safeParse({ id: "My Lora", base_model: "klein-9b", precision: "fp8" });
    expect(bad.success).toBe(false);
  });
});

describe("my_finetunes and finetune_details of any shape", () => {
  it("reads strings and objects", () => {
    expect(entryFinetuneId("my-style-lora")).toBe("my-style-lora");
    expect(entryFinetuneId({ finetune_id: "a" })).toBe("a");
    expect(entryFinetuneId({ id: "b" })).toBe("b");
    expect(entryFinetuneId({ name: "c" })).toBe("c");
    expect(entryFinetuneId({ other: 1 })).toBeNull();
    expect(entryFinetuneId(42)).toBeNull();
  });

  it("reads wrapped and bare details", () => {
    expect(
      finetuneDetailsResponseSchema.parse({ finetune_details: { finetune_comment: "x" } }),
    ).toMatchObject({
      finetune_comment: "x",
    });
    expect(finetuneDetailsResponseSchema.parse({ name: "lora", base_model: "klein-9b" })).toMatchObject({
      name: "lora",
    });
  });
});

describe("task reasons", () => {
  it("keeps BFL's reason from details.error, result.error or Moderation Reasons", () => {
    expect(bflTaskReason({ details: { error: "GPU fell over" }, result: null })).toBe("GPU fell over");
    expect(bflTaskReason({ details: null, result: { error: "old style" } })).toBe("old style");
    expect(bflTaskReason({ details: { "Moderation Reasons": ["Derivative Works"] }, result: null })).toBe(
      "Derivative Works",
    );
    expect(bflTaskReason({ details: null, result: null })).toBeNull();
  });
});

describe("today's service", () => {
  it("defaults to the global host", () => {
    expect(DEFAULT_REGION).toBe("global");
  });

  it("has a dated table of retired calls", () => {
    expect(RETIRED_CALLS.map((c) => c.path)).toEqual([
      "/v1/finetune",
      "/v1/flux-pro-finetuned",
      "/v1/flux-pro-1.0-depth-finetuned",
      "/v1/flux-pro-1.0-canny-finetuned",
    ]);
    for (const c of RETIRED_CALLS) expect(c.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(retiredCall("POST", "/v1/finetune")?.reason).toMatch(/no longer trains/);
    expect(retiredEndpoint("flux-pro-1.1-ultra-finetuned")).toBeUndefined();
  });

  it("offers each finetune only the endpoints that can serve it", () => {
    expect(servingEndpoints({ kind: "flux1" }, { live: true })).toEqual([
      "flux-pro-1.1-ultra-finetuned",
      "flux-pro-1.0-fill-finetuned",
    ]);
    expect(servingEndpoints({ kind: "flux1" }, { live: false })).toHaveLength(5);
    expect(
      servingEndpoints({ kind: "lora", base_model: "klein-9b", precision: "fp8" }, { live: true }),
    ).toEqual(["flux-2-klein-9b-finetuned"]);
    expect(servingEndpoints({ kind: "lora", base_model: null, precision: null }, { live: true })).toEqual([
      ...KLEIN_ENDPOINTS,
    ]);
    expect(
      servingEndpoints({ kind: "flux1" }, { live: true, retired: new Set(["flux-pro-1.0-fill-finetuned"]) }),
    ).toEqual(["flux-pro-1.1-ultra-finetuned"]);
  });
});
