/**
 * Near-duplicate detection from a 16×16 grid of average colours per image (the "grid"). Two images count
 * as nearly the same when their grids have the same structure (grey-level correlation), the same hues
 * (chromaticity) and about the same brightness. Tuned on a labelled set of 46 real wallpapers and photos
 * (tests/unit/dataset-near-duplicates.test.ts): resized, re-encoded, 2 % cropped and 10 % brightened copies
 * must match; different pictures, including dark or flat ones and light/dark variants of one design, must not.
 * A 64-bit dHash alone flagged unrelated textures ("3 of 64 bits differ") and could not be tuned away.
 */

export const GRID = 16;

/** Grid from RGBA pixels of any size: exact cell averages, transparent pixels taken as black (as a JPEG copy would be). */
export function gridFromImage(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): string {
  const sums = new Float64Array(GRID * GRID * 3);
  const counts = new Float64Array(GRID * GRID);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * GRID) / height) * GRID;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.floor((x * GRID) / width);
      const o = (y * width + x) * 4;
      const a = rgba[o + 3]! / 255;
      for (let k = 0; k < 3; k++) sums[cell * 3 + k] = sums[cell * 3 + k]! + rgba[o + k]! * a;
      counts[cell] = counts[cell]! + 1;
    }
  }
  let hex = "";
  for (let i = 0; i < sums.length; i++) {
    const v = Math.round(sums[i]! / Math.max(1, counts[Math.floor(i / 3)]!));
    hex += v.toString(16).padStart(2, "0");
  }
  return hex;
}

export interface GridComparison {
  /** Pearson correlation of the grey grids, -1..1 (1 when both are flat). */
  structure: number;
  /** Mean difference of cell chromaticity (r, g, b shares), 0..510 scaled to 8-bit steps. */
  hue: number;
  /** Difference of mean brightness, 0..255. */
  brightness: number;
}

/** Below this grey-level spread a grid counts as flat: its correlation with anything means nothing. */
const FLAT_SPREAD = 2;
/** Cells darker than this (sum of r, g, b) carry no reliable hue. */
const DARK_CELL = 45;

/** What a comparison needs of one grid, worked out once per grid rather than once per pair. */
interface PreparedGrid {
  rgb: Uint8Array;
  /** Grey level of each cell, minus the grid's mean grey. */
  centred: Float64Array;
  mean: number;
  /** Sum of the squared centred values. */
  spread: number;
}

function prepare(hex: string): PreparedGrid {
  const rgb = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < rgb.length; i++) rgb[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  const cells = Math.floor(rgb.length / 3);
  const centred = new Float64Array(cells);
  let sum = 0;
  for (let c = 0; c < cells; c++) {
    const grey = 0.299 * rgb[3 * c]! + 0.587 * rgb[3 * c + 1]! + 0.114 * rgb[3 * c + 2]!;
    centred[c] = grey;
    sum += grey;
  }
  const mean = sum / Math.max(1, cells);
  let spread = 0;
  for (let c = 0; c < cells; c++) {
    const x = centred[c]! - mean;
    centred[c] = x;
    spread += x * x;
  }
  return { rgb, centred, mean, spread };
}

/**
 * Prepared grids by their hex: the dataset's checks run on every edit (a caption keystroke too) and compare
 * every pair, so each of the (at most a few dozen) grids is parsed once. Bounded, for a long session.
 */
const prepared = new Map<string, PreparedGrid>();
const MAX_PREPARED = 256;

function preparedGrid(hex: string): PreparedGrid {
  let p = prepared.get(hex);
  if (!p) {
    if (prepared.size >= MAX_PREPARED) prepared.clear();
    p = prepare(hex);
    prepared.set(hex, p);
  }
  return p;
}

export function compareGrids(aHex: string, bHex: string): GridComparison {
  const a = preparedGrid(aHex);
  const b = preparedGrid(bHex);
  const cells = Math.min(a.centred.length, b.centred.length);
  let hue = 0;
  let hueCells = 0;
  let sab = 0;
  for (let c = 0; c < cells; c++) {
    const i = 3 * c;
    const ar = a.rgb[i]!;
    const ag = a.rgb[i + 1]!;
    const ab = a.rgb[i + 2]!;
    const br = b.rgb[i]!;
    const bg = b.rgb[i + 1]!;
    const bb = b.rgb[i + 2]!;
    const sa = ar + ag + ab;
    const sb = br + bg + bb;
    if (sa > DARK_CELL && sb > DARK_CELL) {
      hue += (Math.abs(ar / sa - br / sb) + Math.abs(ag / sa - bg / sb) + Math.abs(ab / sa - bb / sb)) * 255;
      hueCells++;
    }
    sab += a.centred[c]! * b.centred[c]!;
  }
  const flatA = Math.sqrt(a.spread / Math.max(1, a.centred.length)) < FLAT_SPREAD;
  const flatB = Math.sqrt(b.spread / Math.max(1, b.centred.length)) < FLAT_SPREAD;
  const structure = flatA && flatB ? 1 : flatA || flatB ? 0 : sab / Math.sqrt(a.spread * b.spread);
  return { structure, hue: hueCells ? hue / hueCells : 0, brightness: Math.abs(a.mean - b.mean) };
}

/**
 * Thresholds, with the labelled set's margins: true copies reach structure ≥ 0.80, hue ≤ 35, brightness ≤ 24;
 * the closest different pictures are structure 0.77 (two MATE abstracts), brightness 35 (two flat dark wallpapers).
 */
export const NEAR_DUPLICATE = { minStructure: 0.78, maxHue: 40, maxBrightness: 30 } as const;

export function looksNearlyTheSame(c: GridComparison): boolean {
  return (
    c.structure >= NEAR_DUPLICATE.minStructure &&
    c.hue <= NEAR_DUPLICATE.maxHue &&
    c.brightness <= NEAR_DUPLICATE.maxBrightness
  );
}

export interface DuplicatePair {
  a: string;
  b: string;
  kind: "duplicate" | "near-duplicate";
  /** Structure similarity in percent (100 for exact duplicates). */
  similarity: number;
}

/** Pairs of images that are the same file or look nearly the same (images without a grid are only compared exactly). */
export function findDuplicates(
  items: readonly { id: string; grid?: string; sha256?: string }[],
): DuplicatePair[] {
  const pairs: DuplicatePair[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const x = items[i]!;
      const y = items[j]!;
      if (x.sha256 && x.sha256 === y.sha256) {
        pairs.push({ a: x.id, b: y.id, kind: "duplicate", similarity: 100 });
      } else if (x.grid && y.grid) {
        const c = compareGrids(x.grid, y.grid);
        if (looksNearlyTheSame(c))
          pairs.push({ a: x.id, b: y.id, kind: "near-duplicate", similarity: Math.round(c.structure * 100) });
      }
    }
  }
  return pairs;
}
