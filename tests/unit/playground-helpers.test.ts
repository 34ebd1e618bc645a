import { describe, expect, it } from "vitest";
import type { Generation } from "@/lib/api/types";
import { fitWithin } from "@/lib/bfl/image-format";
import { groupGallery } from "@/lib/playground/gallery-groups";
import { generationProblem, submitProblem } from "@/lib/playground/messages";
import { applyTriggerWord, containsTrigger, promptTips } from "@/lib/playground/prompt-helper";
import { DEFAULT_SWEEP, parseStrengths, strengthLabel, sweepCost } from "@/lib/playground/sweep";

describe("prompt helper", () => {
  it("prepends the trigger for character, product and general finetunes", () => {
    expect(applyTriggerWord("a photo on grass", "mycstm sunglasses", "product")).toBe(
      "mycstm sunglasses, a photo on grass",
    );
    expect(applyTriggerWord("", "TOK", "character")).toBe("TOK");
    expect(applyTriggerWord("a man", "TOK", "general")).toBe("TOK, a man");
  });
  it("appends “in the style of” for styles", () => {
    expect(applyTriggerWord("a kangaroo, ", "wcstyle", "style")).toBe("a kangaroo, in the style of wcstyle");
  });
  it("leaves a prompt that already has the trigger word alone", () => {
    expect(applyTriggerWord("a TOK on grass", "tok", "product")).toBe("a TOK on grass");
    expect(containsTrigger("TOKEN", "TOK")).toBe(false);
  });
  it("puts the style tip first for style finetunes", () => {
    expect(promptTips("style")[0]).toContain("in the style of");
  });
});

describe("strength sweep", () => {
  it("parses, dedupes and refuses bad lists with a clear message", () => {
    expect(parseStrengths("0, 0.6 0.9;1.2, 0.6")).toEqual({ ok: true, strengths: [0, 0.6, 0.9, 1.2] });
    expect(parseStrengths("0, abc")).toEqual({ ok: false, error: "“abc” is not a number." });
    expect(parseStrengths("2.5")).toEqual({
      ok: false,
      error: "2.5 is outside the allowed range of 0 to 2.",
    });
    expect(parseStrengths(" ")).toMatchObject({ ok: false });
  });
  it("prices the sweep before it runs", () => {
    expect(sweepCost("flux-pro-1.1-ultra-finetuned", DEFAULT_SWEEP.length)).toMatchObject({
      credits: 42,
      usd: "$0.42",
      estimate: false,
    });
    expect(sweepCost("flux-pro-1.0-canny-finetuned", 2).text).toContain("estimated");
  });
  it("labels strength 0 as the base model", () => {
    expect(strengthLabel(0)).toBe("Strength 0 · base model");
    expect(strengthLabel(1.2)).toBe("Strength 1.2");
  });
});

describe("plain-words problems", () => {
  it("explains moderation, credits and errors without raw text", () => {
    expect(generationProblem({ status: "Request Moderated", error: null })?.title).toBe("Prompt moderated");
    expect(generationProblem({ status: "Content Moderated", error: null })?.kind).toBe("moderated");
    expect(generationProblem({ status: "Ready", error: null })).toBeNull();
    expect(submitProblem({ code: "bfl_out_of_credits", status: 402 }).title).toBe("Out of credits");
    const raw = submitProblem({ code: "internal", message: '{"detail":"boom"}', status: 500 });
    expect(raw.message).not.toContain("{");
    const stack = generationProblem({
      status: "Error",
      error: { code: "x", message: "TypeError: at foo (bar.js:1)" },
    });
    expect(stack?.message).not.toContain("TypeError");
  });
});

const LIMITS = { maxSide: 1440, maxPixels: 1024 * 1024 };

describe("image shrink", () => {
  it("never scales up and keeps the aspect ratio", () => {
    expect(fitWithin(800, 600, LIMITS)).toEqual({ width: 800, height: 600, scaled: false });
    const big = fitWithin(4000, 3000, LIMITS);
    expect(big.scaled).toBe(true);
    expect(big.width * big.height).toBeLessThanOrEqual(1024 * 1024);
    expect(big.width / big.height).toBeCloseTo(4 / 3, 2);
    expect(fitWithin(5000, 200, LIMITS).width).toBe(1440);
  });
});

describe("gallery grouping", () => {
  const g = (id: string, sweep: string | null, strength = 1): Generation =>
    ({ id, sweep_id: sweep, finetune_strength: strength }) as Generation;
  it("keeps newest-first order and puts each sweep in one row sorted by strength", () => {
    const blocks = groupGallery([
      g("a", null),
      g("s3", "S", 1.2),
      g("s1", "S", 0),
      g("b", null),
      g("s2", "S", 0.6),
      g("c", null),
    ]);
    expect(blocks.map((b) => [b.kind, b.items.map((i) => i.id)])).toEqual([
      ["grid", ["a"]],
      ["sweep", ["s1", "s2", "s3"]],
      ["grid", ["b", "c"]],
    ]);
  });
});
