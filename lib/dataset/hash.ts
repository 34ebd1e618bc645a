/**
 * Perceptual "difference hash": shrink to 9x8 grey, compare each pixel with its right neighbour. Similar
 * pictures (re-encoded, resized, slightly edited) get hashes a few bits apart.
 */

/** dHash from 9x8 RGBA pixels (72 pixels, 288 bytes) as 16 hex digits. */
export function dhashFromRgba(rgba: Uint8ClampedArray | Uint8Array, width = 9, height = 8): string {
  if (width !== 9 || height !== 8 || rgba.length < 9 * 8 * 4) throw new Error("dhash needs 9x8 RGBA pixels");
  const grey = new Float64Array(72);
  for (let i = 0; i < 72; i++) {
    grey[i] = 0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!;
  }
  let hex = "";
  for (let y = 0; y < 8; y++) {
    let byte = 0;
    for (let x = 0; x < 8; x++) {
      byte = (byte << 1) | (grey[y * 9 + x]! > grey[y * 9 + x + 1]! ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, "0");
  }
  return hex;
}

/**
 * dHash of an RGBA image of any size: each of the 9x8 cells is the exact average of the pixels it covers
 * (a browser's own 9x8 downscale samples only a few pixels and makes unrelated photos look alike).
 */
export function dhashFromImage(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): string {
  const sums = new Float64Array(72 * 4);
  const counts = new Float64Array(72);
  for (let y = 0; y < height; y++) {
    const cy = Math.min(7, Math.floor((y * 8) / height));
    for (let x = 0; x < width; x++) {
      const cx = Math.min(8, Math.floor((x * 9) / width));
      const cell = cy * 9 + cx;
      const o = (y * width + x) * 4;
      for (let k = 0; k < 3; k++) sums[cell * 4 + k] = sums[cell * 4 + k]! + rgba[o + k]!;
      counts[cell] = counts[cell]! + 1;
    }
  }
  const small = new Uint8Array(72 * 4);
  for (let c = 0; c < 72; c++) {
    const n = Math.max(1, counts[c]!);
    for (let k = 0; k < 3; k++) small[c * 4 + k] = Math.round(sums[c * 4 + k]! / n);
    small[c * 4 + 3] = 255;
  }
  return dhashFromRgba(small);
}

/** Number of differing bits between two 16-hex-digit hashes. */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 2) {
    let x = Number.parseInt(a.slice(i, i + 2), 16) ^ Number.parseInt(b.slice(i, i + 2), 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}

/** Up to this many differing bits of 64 counts as "looks the same" (resized or re-encoded copies differ by 0 to 3; unrelated photos here by 10 or more). */
export const NEAR_DUPLICATE_BITS = 6;

export interface DuplicatePair {
  a: string;
  b: string;
  kind: "duplicate" | "near-duplicate";
  distance: number;
}

/** Pairs of images that are the same file or look nearly the same. */
export function findDuplicates(
  items: readonly { id: string; dhash?: string; sha256?: string }[],
  maxBits = NEAR_DUPLICATE_BITS,
): DuplicatePair[] {
  const pairs: DuplicatePair[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const x = items[i]!;
      const y = items[j]!;
      if (x.sha256 && x.sha256 === y.sha256) {
        pairs.push({ a: x.id, b: y.id, kind: "duplicate", distance: 0 });
      } else if (x.dhash && y.dhash) {
        const distance = hammingDistance(x.dhash, y.dhash);
        if (distance <= maxBits) pairs.push({ a: x.id, b: y.id, kind: "near-duplicate", distance });
      }
    }
  }
  return pairs;
}
