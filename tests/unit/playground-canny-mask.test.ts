import { describe, expect, it } from "vitest";
import { cannyEdges, edgeFraction } from "@/lib/playground/canny";
import {
  binariseMask,
  clearMask,
  invertMask,
  maskCoverage,
  maskSizeProblem,
  toCanvasPoint,
} from "@/lib/playground/mask";

/** A 32×32 grey image with a bright square in the middle and a faint one at the corner. */
function squares(): Uint8Array {
  const w = 32;
  const px = new Uint8Array(w * w).fill(40);
  for (let y = 10; y < 22; y++) for (let x = 10; x < 22; x++) px[y * w + x] = 220;
  for (let y = 2; y < 7; y++) for (let x = 2; x < 7; x++) px[y * w + x] = 60;
  return px;
}

describe("canny", () => {
  it("finds the outline of a square and nothing in flat areas", () => {
    const edges = cannyEdges(squares(), 32, 32, 50, 200);
    expect(edges[16 * 32 + 10] || edges[16 * 32 + 9]).toBe(255);
    expect(edges[16 * 32 + 16]).toBe(0);
    expect(edges[28 * 32 + 28]).toBe(0);
  });
  it("keeps fewer edges as the thresholds rise", () => {
    const low = edgeFraction(cannyEdges(squares(), 32, 32, 20, 40));
    const high = edgeFraction(cannyEdges(squares(), 32, 32, 300, 500));
    expect(low).toBeGreaterThan(high);
    // The faint square (contrast 20) only shows with low thresholds.
    expect(
      cannyEdges(squares(), 32, 32, 20, 40)[4 * 32 + 2] || cannyEdges(squares(), 32, 32, 20, 40)[4 * 32 + 1],
    ).toBe(255);
  });
});

describe("mask ops", () => {
  const px = () =>
    new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 200, 200, 200, 0, 100, 100, 100, 255]);
  it("inverts, clears and measures coverage", () => {
    const m = px();
    binariseMask(m);
    expect(Array.from(m.filter((_, i) => i % 4 === 0))).toEqual([255, 0, 0, 0]);
    expect(maskCoverage(m)).toBe(0.25);
    invertMask(m);
    expect(maskCoverage(m)).toBe(0.75);
    clearMask(m);
    expect(maskCoverage(m)).toBe(0);
  });
  it("says plainly when sizes differ", () => {
    expect(maskSizeProblem({ width: 10, height: 10 }, { width: 10, height: 10 })).toBeNull();
    expect(maskSizeProblem({ width: 1024, height: 768 }, { width: 512, height: 512 })).toContain(
      "The mask is 512×512 pixels but the image is 1024×768",
    );
  });
  it("maps pointer positions onto the scaled canvas", () => {
    expect(
      toCanvasPoint(
        { x: 150, y: 60 },
        { left: 100, top: 50, width: 100, height: 50 },
        { width: 1000, height: 500 },
      ),
    ).toEqual({ x: 500, y: 100 });
  });
});
