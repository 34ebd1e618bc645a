import { describe, expect, it } from "vitest";
import { fitWithin } from "@/lib/bfl/image-format";
import { type BulkOp, planBulk } from "@/lib/dataset/bulk-ops";
import { insertTrigger, mentionsTrigger, repeatedDescriptions } from "@/lib/dataset/captions";
import { addCaptions, addImages, markFailed, markProcessed, setCaptions } from "@/lib/dataset/pairing";
import { EMPTY_DATASET, type ProcessedImage } from "@/lib/dataset/types";
import { planZip } from "@/lib/dataset/zip-plan";

const img = (id: string, name: string) => ({
  id,
  name,
  stem: name.replace(/\.[^.]+$/, "").toLowerCase(),
  origBytes: 100,
});
const processed = (over: Partial<ProcessedImage> = {}): ProcessedImage => ({
  origWidth: 1024,
  origHeight: 1024,
  width: 1024,
  height: 1024,
  format: "jpeg",
  bytes: 100,
  reencoded: false,
  sha256: "a",
  ...over,
});

describe("caption pairing", () => {
  it("pairs a caption that arrives after its image", () => {
    const { state } = addImages(EMPTY_DATASET, [img("1", "Cat.JPG")]);
    const next = addCaptions(state, [{ name: "cat.txt", stem: "cat", text: "TOK cat" }]);
    expect(next.items[0]?.caption).toBe("TOK cat");
    expect(next.orphans).toEqual([]);
  });

  it("keeps a caption that arrives first and pairs it when the image comes", () => {
    const s1 = addCaptions(EMPTY_DATASET, [{ name: "dog.txt", stem: "dog", text: "TOK dog" }]);
    expect(s1.orphans.map((o) => o.stem)).toEqual(["dog"]);
    const { state: s2, accepted } = addImages(s1, [img("2", "dog.png")]);
    expect(accepted).toHaveLength(1);
    expect(s2.items[0]?.caption).toBe("TOK dog");
    expect(s2.orphans).toEqual([]);
  });

  it("refuses a second image with the same name, saying which", () => {
    const { state } = addImages(EMPTY_DATASET, [img("1", "a.jpg"), img("2", "A.png")]);
    expect(state.items).toHaveLength(1);
    expect(state.rejections[0]?.name).toBe("A.png");
    expect(state.rejections[0]?.reason).toContain('"a.jpg"');
  });

  it("an image that fails to decode leaves, and its caption waits again", () => {
    let s = addImages(EMPTY_DATASET, [img("1", "x.jpg")]).state;
    s = addCaptions(s, [{ name: "x.txt", stem: "x", text: "hello" }]);
    s = markFailed(s, "1", "truncated");
    expect(s.items).toEqual([]);
    expect(s.orphans[0]?.text).toBe("hello");
    expect(s.rejections[0]).toMatchObject({ name: "x.jpg", reason: "truncated" });
  });
});

describe("bulk caption operations", () => {
  const caps = new Map<string, string | null>([
    ["a", "a photo of TOK"],
    ["b", "a dog"],
    ["c", null],
  ]);
  const ids = ["a", "b", "c"];
  const run = (op: BulkOp, only = ids) => {
    const r = planBulk(caps, only, op);
    if (!r.ok) throw new Error(r.error);
    return Object.fromEntries(r.changes.map((c) => [c.id, c.after]));
  };

  it("adds a prefix and a suffix, skipping captions that already have it and images without a caption", () => {
    expect(run({ kind: "prefix", text: "a photo of" })).toEqual({ b: "a photo of a dog" });
    expect(run({ kind: "prefix", text: "a photo of", includeUncaptioned: true })).toEqual({
      b: "a photo of a dog",
      c: "a photo of",
    });
    expect(run({ kind: "suffix", text: "in the snow" })).toEqual({
      a: "a photo of TOK, in the snow",
      b: "a dog, in the snow",
    });
    const r = planBulk(caps, ids, { kind: "suffix", text: "x" });
    expect(r.ok && r.skipped).toBe(1);
  });

  it("replaces plain text literally and regex by pattern; a bad regex gives a message", () => {
    expect(run({ kind: "replace", find: "a.", replace: "X", regex: false, caseSensitive: false })).toEqual(
      {},
    );
    expect(run({ kind: "replace", find: "^a ", replace: "one ", regex: true, caseSensitive: true })).toEqual({
      a: "one photo of TOK",
      b: "one dog",
    });
    const bad = planBulk(caps, ids, {
      kind: "replace",
      find: "(",
      replace: "",
      regex: true,
      caseSensitive: false,
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/Not a valid regular expression/);
  });

  it("inserts the trigger word only where missing (uncaptioned only on request), and clears", () => {
    expect(run({ kind: "trigger", word: "TOK" })).toEqual({ b: "TOK, a dog" });
    expect(run({ kind: "trigger", word: "TOK", includeUncaptioned: true })).toEqual({
      b: "TOK, a dog",
      c: "TOK",
    });
    expect(run({ kind: "clear" }, ["a", "c"])).toEqual({ a: null });
  });
});

describe("caption helpers", () => {
  it("finds the trigger word as a whole word only", () => {
    expect(mentionsTrigger("a photo of TOK man", "tok")).toBe(true);
    expect(mentionsTrigger("a TOKEN", "TOK")).toBe(false);
    expect(mentionsTrigger("mycstm sunglasses on grass", "mycstm sunglasses")).toBe(true);
    expect(insertTrigger("a man", "TOK")).toBe("TOK, a man");
  });

  it("spots a long description repeated across captions", () => {
    const d = "a middle aged man with brown curly hair and a beard";
    const r = repeatedDescriptions([`TOK on a bench, ${d}`, `TOK at sea, ${d}.`, `TOK, ${d}`, "TOK alone"]);
    expect(r[0]).toEqual({ text: d, count: 3 });
    expect(repeatedDescriptions(["TOK on a bench", "TOK at sea"])).toEqual([]);
  });
});

describe("resize and zip plan", () => {
  it("shrinks to at most 1 MP keeping the aspect ratio, and leaves small images alone", () => {
    const r = fitWithin(5640, 3172, { maxPixels: 1024 * 1024 });
    expect(r.scaled).toBe(true);
    expect(r.width * r.height).toBeLessThanOrEqual(1024 * 1024);
    expect(Math.abs(r.width / r.height - 5640 / 3172)).toBeLessThan(0.01);
    expect(fitWithin(1024, 1024, { maxPixels: 1024 * 1024 })).toEqual({
      width: 1024,
      height: 1024,
      scaled: false,
    });
  });

  it("stores images, deflates non-empty captions and names files by their real format", () => {
    let s = addImages(EMPTY_DATASET, [img("1", "a.jpg"), img("2", "b.png"), img("3", "c.webp")]).state;
    s = markProcessed(s, "1", processed());
    s = markProcessed(s, "2", processed({ format: "jpeg" }));
    s = setCaptions(s, [
      { id: "1", caption: " TOK " },
      { id: "2", caption: "  " },
    ]);
    const plan = planZip(s.items);
    expect(plan.map((e) => [e.name, e.compression])).toEqual([
      ["a.jpg", "STORE"],
      ["a.txt", "DEFLATE"],
      ["b.jpg", "STORE"],
    ]);
    expect(plan[1]?.source).toEqual({ kind: "caption", text: "TOK" });
  });
});
