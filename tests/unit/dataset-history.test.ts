import { describe, expect, it } from "vitest";
import { planBulk } from "@/lib/dataset/bulk-ops";
import { insertTrigger } from "@/lib/dataset/captions";
import { joinPrefix, joinSuffix } from "@/lib/dataset/captions-join";
import { EMPTY_HISTORY, type History, record, redoStep, removeItems, undoStep } from "@/lib/dataset/history";
import { addImages, setCaptions } from "@/lib/dataset/pairing";
import { type DatasetState, EMPTY_DATASET } from "@/lib/dataset/types";

const img = (id: string) => ({ id, name: `${id}.jpg`, stem: id, origBytes: 100 });

function start(captions: Record<string, string | null>): DatasetState {
  const ids = Object.keys(captions);
  const s = addImages(EMPTY_DATASET, ids.map(img)).state;
  return setCaptions(
    s,
    ids.map((id) => ({ id, caption: captions[id] ?? null })),
  );
}
const caps = (d: DatasetState) => Object.fromEntries(d.items.map((i) => [i.id, i.caption]));

/** What the studio does for a keystroke: set the caption and record it as a typed step. */
function type(d: DatasetState, h: History, id: string, text: string) {
  const before = d.items.find((i) => i.id === id)!.caption;
  return {
    d: setCaptions(d, [{ id, caption: text }]),
    h: record(h, {
      kind: "captions",
      label: `Edit caption of ${id}.jpg`,
      changes: [{ id, before, after: text }],
      typedId: id,
    }),
  };
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error((r as unknown as { error: string }).error);
  return r as Extract<T, { ok: true }>;
}

describe("undo history", () => {
  it("after a bulk clear and hand typing, undo takes back the typing first, never the typed text wholesale", () => {
    let d = start({ a: "sea", b: "sky" });
    const plan = ok(planBulk(new Map(d.items.map((i) => [i.id, i.caption])), ["a", "b"], { kind: "clear" }));
    d = setCaptions(
      d,
      plan.changes.map((c) => ({ id: c.id, caption: c.after })),
    );
    let h = record(EMPTY_HISTORY, { kind: "captions", label: "Clear captions", changes: plan.changes });
    // Keystrokes in one card make one step; another card starts a new one.
    for (const t of ["w", "wa", "wave"]) ({ d, h } = type(d, h, "a", t));
    ({ d, h } = type(d, h, "b", "cloud"));
    expect(h.undo.map((e) => e.label)).toEqual([
      "Clear captions",
      "Edit caption of a.jpg",
      "Edit caption of b.jpg",
    ]);

    let r = ok(undoStep(h, d));
    expect(caps(r.dataset)).toEqual({ a: "wave", b: null });
    r = ok(redoStep(r.history, r.dataset));
    expect(caps(r.dataset)).toEqual({ a: "wave", b: "cloud" });
    r = ok(undoStep(r.history, r.dataset));
    r = ok(undoStep(r.history, r.dataset));
    r = ok(undoStep(r.history, r.dataset));
    expect(caps(r.dataset)).toEqual({ a: "sea", b: "sky" });
    expect(undoStep(r.history, r.dataset)).toEqual({ ok: false, error: "Nothing to undo." });
  });

  it("refuses an undo whose captions changed in a way it did not record, naming them", () => {
    let d = start({ a: "sea", b: "sky" });
    const h = record(EMPTY_HISTORY, {
      kind: "captions",
      label: "Clear captions",
      changes: [
        { id: "a", before: "sea", after: null },
        { id: "b", before: "sky", after: null },
      ],
    });
    d = setCaptions(d, [
      { id: "a", caption: "typed" },
      { id: "b", caption: null },
    ]);
    const r = undoStep(h, d);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toBe(
        'Cannot undo "Clear captions": the caption of a.jpg changed since; undoing would overwrite that.',
      );
  });

  it("a new step clears redo", () => {
    let d = start({ a: "x" });
    let h = EMPTY_HISTORY;
    ({ d, h } = type(d, h, "a", "y"));
    const r = ok(undoStep(h, d));
    expect(r.history.redo).toHaveLength(1);
    const t = type(r.dataset, r.history, "a", "z");
    expect(t.h.redo).toHaveLength(0);
  });

  it("removal is one undoable step that brings back images, captions and order", () => {
    const d0 = start({ a: "one", b: "two", c: "three", d: null });
    const { dataset, entry } = removeItems(d0, new Set(["b", "d"]));
    expect(entry.label).toBe("Remove 2 images");
    expect(dataset.items.map((i) => i.id)).toEqual(["a", "c"]);
    const h = record(EMPTY_HISTORY, entry);
    const r = ok(undoStep(h, dataset));
    expect(caps(r.dataset)).toEqual(caps(d0));
    expect(r.dataset.items.map((i) => i.id)).toEqual(["a", "b", "c", "d"]);
    const again = ok(redoStep(r.history, r.dataset));
    expect(again.dataset.items.map((i) => i.id)).toEqual(["a", "c"]);
    expect(removeItems(d0, new Set(["a"])).entry.label).toBe("Remove a.jpg");
  });

  it("refuses to bring back a removed image whose name was taken since", () => {
    const d0 = start({ a: "one" });
    const { dataset, entry } = removeItems(d0, new Set(["a"]));
    const readded = addImages(dataset, [{ ...img("a2"), name: "A.jpg", stem: "a" }]).state;
    const r = undoStep(record(EMPTY_HISTORY, entry), readded);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("an image with the same name as a.jpg was added since");
  });
});

describe("punctuation-aware caption joins", () => {
  it.each([
    ["landscape", ", soft light", "landscape, soft light"],
    ["hexagons", "high detail", "hexagons, high detail"],
    ["A dog on grass.", "high detail", "A dog on grass. high detail"],
    ["landscape,  ", ", soft light", "landscape, soft light"],
    ["landscape   ", "  soft light  ", "landscape, soft light"],
    ["a dog", ".", "a dog."],
    ["", ", soft light", "soft light"],
  ])("suffix: %j + %j = %j", (caption, suffix, out) => expect(joinSuffix(caption, suffix)).toBe(out));

  it.each([
    ["a photo of", "a dog", "a photo of a dog"],
    ["photo of TOK,", "a dog", "photo of TOK, a dog"],
    ["TOK,", ", a dog", "TOK, a dog"],
    ["TOK", ", soft light", "TOK, soft light"],
    ["TOK, ", "", "TOK"],
  ])("prefix: %j + %j = %j", (prefix, caption, out) => expect(joinPrefix(prefix, caption)).toBe(out));

  it("inserts a trigger without doubling the caption's own separator", () => {
    expect(insertTrigger(", soft light", "TOK")).toBe("TOK, soft light");
    expect(insertTrigger("  a dog  ", "TOK")).toBe("TOK, a dog");
    expect(insertTrigger(" , ", "TOK")).toBe("TOK");
  });
});
