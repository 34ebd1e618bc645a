import { describe, expect, it } from "vitest";
import { describePromptFile } from "@/lib/judge/prompt-file";
import { fillTrigger, promptKey, promptsFor, type SavedPrompt, toTemplate } from "@/lib/judge/prompts";

describe("fillTrigger", () => {
  it("replaces every [trigger], in any case, with the trigger word or phrase", () => {
    expect(fillTrigger("[trigger], a photo of [TRIGGER] on grass", "mycstm sunglasses")).toBe(
      "mycstm sunglasses, a photo of mycstm sunglasses on grass",
    );
  });
  it("does not read $ patterns in the trigger as replacement codes", () => {
    expect(fillTrigger("a [trigger] cat", "$&x")).toBe("a $&x cat");
  });
  it("drops the placeholder and tidies commas when the finetune has no trigger", () => {
    expect(fillTrigger("[trigger], a red chair, [trigger]", "  ")).toBe("a red chair");
    expect(fillTrigger("a photo of [trigger] on a desk", null)).toBe("a photo of on a desk");
  });
});

describe("toTemplate", () => {
  it("turns whole-word uses of the trigger back into [trigger]", () => {
    expect(toTemplate("PGSUN, sunglasses by PGSUN on sand", "PGSUN")).toBe(
      "[trigger], sunglasses by [trigger] on sand",
    );
    expect(toTemplate("pgsunny day with pgsun", "PGSUN")).toBe("pgsunny day with [trigger]");
  });
  it("round-trips through fillTrigger for another finetune", () => {
    const template = toTemplate("in the style of ZKSTYLE, a harbour", "ZKSTYLE");
    expect(fillTrigger(template, "other trig")).toBe("in the style of other trig, a harbour");
  });
});

describe("promptsFor and promptKey", () => {
  const p = (id: string, finetune_id: string | null): SavedPrompt => ({
    id,
    finetune_id,
    title: id,
    text: id,
    created_at: "",
    updated_at: "",
  });
  it("lists the finetune's own prompts first, then the global ones, never another finetune's", () => {
    const all = [p("g1", null), p("a1", "A"), p("b1", "B"), p("a2", "A")];
    expect(promptsFor(all, "A").map((x) => x.id)).toEqual(["a1", "a2", "g1"]);
    expect(promptsFor(all, null).map((x) => x.id)).toEqual(["g1"]);
  });
  it("treats surrounding spaces as the same prompt", () => {
    expect(promptKey({ title: " t ", text: "x " })).toBe(
      promptKey({ finetune_id: null, title: "t", text: "x" }),
    );
  });
});

describe("describePromptFile", () => {
  it("names a file that is not JSON", () => {
    expect(describePromptFile("a.json", "{nope")).toEqual({ ok: false, error: "a.json is not valid JSON." });
  });
  it("says which field of a wrong file is wrong", () => {
    const r = describePromptFile("b.json", JSON.stringify({ format: "other", version: 1, prompts: [] }));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatch(/^b\.json cannot be imported: format: is not "finetune-studio-prompts"/);
    const empty = describePromptFile(
      "c.json",
      JSON.stringify({ format: "finetune-studio-prompts", version: 1, prompts: [{ title: "t", text: " " }] }),
    );
    expect(empty).toEqual({
      ok: false,
      error: "c.json cannot be imported: prompts.0.text: the prompt is empty.",
    });
  });
  it("accepts an export", () => {
    const r = describePromptFile(
      "d.json",
      JSON.stringify({
        format: "finetune-studio-prompts",
        version: 1,
        prompts: [{ title: "t", text: "[trigger]" }],
      }),
    );
    expect(r).toMatchObject({ ok: true, file: { prompts: [{ title: "t", text: "[trigger]" }] } });
  });
});
