import { describe, expect, it } from "vitest";
import type { Generation } from "@/lib/api/types";
import type { CompareSubject } from "@/lib/judge/compare";
import {
  comparisonCost,
  comparisonGrid,
  comparisonTotal,
  isComparisonId,
  newComparisonId,
  planComparison,
  queueCells,
} from "@/lib/judge/compare";
import { SHEET, sheetLayout } from "@/lib/judge/contact-sheet";

const FLUX1 = { kind: "flux1" } as const;
const A: CompareSubject = { id: "A", trigger: "mgx", kind: FLUX1 };
const B: CompareSubject = { id: "B", trigger: "lmp lamp", kind: FLUX1 };
const LORA: CompareSubject = {
  id: "my-lora",
  trigger: "zxq style",
  kind: { kind: "lora", base_model: "klein-9b", precision: "fp8" },
};

describe("planComparison", () => {
  it("makes a base-model cell then one per strength for each finetune, trigger filled per row", () => {
    const plan = planComparison([A, B], "0.6, 1, 0, 1.4", "[trigger] on a desk");
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.cells.map((c) => `${c.finetune_id}@${c.finetune_strength}:${c.prompt}`)).toEqual([
      "A@0:mgx on a desk",
      "A@0.6:mgx on a desk",
      "A@1:mgx on a desk",
      "A@1.4:mgx on a desk",
      "B@0:lmp lamp on a desk",
      "B@0.6:lmp lamp on a desk",
      "B@1:lmp lamp on a desk",
      "B@1.4:lmp lamp on a desk",
    ]);
  });
  it("puts a klein LoRA's row on its klein endpoint with its trigger phrase; FLUX.1 rows keep the chosen one", () => {
    const plan = planComparison([A, LORA], "1", "[trigger], portrait");
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.cells.map((c) => [c.finetune_id, c.finetune_strength, c.prompt, c.endpoint])).toEqual([
      ["A", 0, "mgx, portrait", undefined],
      ["A", 1, "mgx, portrait", undefined],
      ["my-lora", 0, "zxq style, portrait", "flux-2-klein-9b-finetuned"],
      ["my-lora", 1, "zxq style, portrait", "flux-2-klein-9b-finetuned"],
    ]);
    const cost = comparisonCost(plan.cells, "flux-pro-1.1-ultra-finetuned");
    expect(cost.split("; ")).toHaveLength(2);
    expect(cost).toMatch(/^2 images × .*; 2 images × /);
  });
  it("says what is wrong", () => {
    expect(planComparison([], "1", "x")).toEqual({
      ok: false,
      error: "Choose at least one finetune to compare.",
    });
    expect(planComparison([A], "1", " ")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Write a prompt/),
    });
    expect(planComparison([A], "3", "x")).toEqual({
      ok: false,
      error: "3 is outside the allowed range of 0 to 2.",
    });
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `f${i}`, trigger: "t", kind: FLUX1 }));
    expect(planComparison(many, "1", "x")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/at most 6/),
    });
    const five = many.slice(0, 5);
    expect(planComparison(five, "0.2,0.4,0.6,0.8,1,1.2,1.4,1.6,1.8,2", "x")).toEqual({
      ok: false,
      error: "That is 55 images; a comparison makes at most 48.",
    });
  });
});

describe("queueCells", () => {
  it("sends each row's first cell in order, then the rest together, and reports a failure", async () => {
    const plan = planComparison([A, B], "1, 2", "[trigger]");
    if (!plan.ok) throw new Error(plan.error);
    const sent: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    await queueCells(plan.cells, async (c) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      sent.push(`${c.finetune_id}@${c.finetune_strength}`);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    expect(sent.slice(0, 2)).toEqual(["A@0", "B@0"]);
    expect(sent).toHaveLength(6);
    expect(maxInFlight).toBe(4);
    await expect(
      queueCells(plan.cells, async (c) => {
        if (c.finetune_strength === 2) throw new Error("no credits");
      }),
    ).rejects.toThrow("no credits");
  });
});

describe("comparison ids", () => {
  it("are sweep ids with the cmp- prefix that the API accepts", () => {
    const id = newComparisonId(24);
    expect(isComparisonId(id)).toBe(true);
    expect(id).toMatch(/^cmp-24x-[A-Za-z0-9_-]{1,56}$/);
    expect(comparisonTotal(id)).toBe(24);
    expect(comparisonTotal("cmp-0b3d9a1e")).toBeNull();
    expect(comparisonTotal("sweep-1")).toBeNull();
    expect(isComparisonId("sweep-1")).toBe(false);
    expect(isComparisonId(null)).toBe(false);
  });
});

const gen = (finetune_id: string, s: number, url: string | null): Generation =>
  ({
    id: `${finetune_id}-${s}`,
    finetune_id,
    finetune_comment: `Comment ${finetune_id}`,
    finetune_strength: s,
    prompt: `p ${finetune_id}`,
    image_url: url,
  }) as Generation;

describe("comparisonGrid and sheetLayout", () => {
  const gens = [gen("B", 0, "/b0"), gen("B", 1, "/b1"), gen("A", 1, "/a1"), gen("A", 0, null)];
  const grid = comparisonGrid(gens);

  it("makes one row per prompt of the same finetune (eval sets)", () => {
    const evalGrid = comparisonGrid([
      { ...gen("A", 0, "/x"), prompt: "one" },
      { ...gen("A", 1, "/y"), prompt: "one" },
      { ...gen("A", 0, "/z"), prompt: "two" },
    ]);
    expect(evalGrid.rows.map((r) => r.prompt)).toEqual(["one", "two"]);
    expect(evalGrid.cell(evalGrid.rows[1]?.key ?? "", 0)?.image_url).toBe("/z");
  });

  it("keeps rows in the order made and sorts columns with the base model first", () => {
    expect(grid.rows.map((r) => r.finetune_id)).toEqual(["B", "A"]);
    expect(grid.columns).toEqual([0, 1]);
    const rowA = grid.rows[1]?.key ?? "";
    expect(grid.cell(rowA, 1)?.image_url).toBe("/a1");
    expect(grid.cell(rowA, 2)).toBeUndefined();
  });

  it("places one tile per cell and a label per row and column", () => {
    const l = sheetLayout(grid, "title");
    expect(l.width).toBe(SHEET.pad * 2 + SHEET.rowLabel + 2 * SHEET.tile + SHEET.gap);
    expect(l.height).toBe(SHEET.pad * 2 + SHEET.title + SHEET.header + 2 * SHEET.tile + SHEET.gap);
    expect(l.tiles.map((t) => t.url)).toEqual(["/b0", "/b1", null, "/a1"]);
    const texts = l.labels.map((x) => x.text);
    expect(texts).toEqual(
      expect.arrayContaining(["title", "Base model (strength 0)", "Strength 1", "Comment B", "Comment A"]),
    );
    for (const t of l.tiles) {
      expect(t.x + t.size).toBeLessThanOrEqual(l.width - SHEET.pad);
      expect(t.y + t.size).toBeLessThanOrEqual(l.height - SHEET.pad);
    }
  });
});
