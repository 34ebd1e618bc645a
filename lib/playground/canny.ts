/**
 * Canny edge detection like OpenCV's `cv2.Canny(img, low, high)` (Sobel 3×3, L1 gradient, non-maximum
 * suppression, hysteresis), which is what BFL's canny thresholds (0 to 500) refer to. Pure: runs in a
 * worker for the live preview and in unit tests.
 */

/** Luma of RGBA pixels. */
export function rgbaToGray(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    out[i] = (rgba[p]! * 299 + rgba[p + 1]! * 587 + rgba[p + 2]! * 114) / 1000;
  }
  return out;
}

/** 255 where an edge is, 0 elsewhere. */
export function cannyEdges(
  gray: Uint8Array,
  width: number,
  height: number,
  low: number,
  high: number,
): Uint8Array {
  const lo = Math.min(low, high);
  const hi = Math.max(low, high);
  const n = width * height;
  const mag = new Float32Array(n);
  const dir = new Uint8Array(n); // 0: horizontal gradient, 1: 45°, 2: vertical, 3: 135°
  const at = (x: number, y: number) =>
    gray[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const gx =
        -at(x - 1, y - 1) -
        2 * at(x - 1, y) -
        at(x - 1, y + 1) +
        at(x + 1, y - 1) +
        2 * at(x + 1, y) +
        at(x + 1, y + 1);
      const gy =
        -at(x - 1, y - 1) -
        2 * at(x, y - 1) -
        at(x + 1, y - 1) +
        at(x - 1, y + 1) +
        2 * at(x, y + 1) +
        at(x + 1, y + 1);
      const i = y * width + x;
      mag[i] = Math.abs(gx) + Math.abs(gy);
      const angle = Math.atan2(gy, gx) * (180 / Math.PI);
      const a = angle < 0 ? angle + 180 : angle;
      dir[i] = a < 22.5 || a >= 157.5 ? 0 : a < 67.5 ? 1 : a < 112.5 ? 2 : 3;
    }
  }
  // Non-maximum suppression, then classify: 2 strong, 1 weak, 0 none.
  const cls = new Uint8Array(n);
  const m = (x: number, y: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : mag[y * width + x]!);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = mag[i]!;
      if (v <= lo) continue;
      const d = dir[i]!;
      const [a, b] =
        d === 0
          ? [m(x - 1, y), m(x + 1, y)]
          : d === 1
            ? [m(x - 1, y - 1), m(x + 1, y + 1)]
            : d === 2
              ? [m(x, y - 1), m(x, y + 1)]
              : [m(x + 1, y - 1), m(x - 1, y + 1)];
      if (v < a || v < b) continue;
      cls[i] = v > hi ? 2 : 1;
    }
  }
  // Hysteresis: weak pixels connected (8-neighbourhood) to a strong one become edges.
  const out = new Uint8Array(n);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    if (cls[i] === 2 && out[i] === 0) {
      out[i] = 255;
      stack.push(i);
      while (stack.length) {
        const j = stack.pop()!;
        const jx = j % width;
        const jy = (j - jx) / width;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const x = jx + dx;
            const y = jy + dy;
            if (x < 0 || y < 0 || x >= width || y >= height) continue;
            const k = y * width + x;
            if (out[k] === 0 && cls[k]! > 0) {
              out[k] = 255;
              stack.push(k);
            }
          }
        }
      }
    }
  }
  return out;
}

/** Edge map as RGBA (white edges on black), ready for `new ImageData`. */
export function edgesToRgba(edges: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(edges.length * 4);
  for (let i = 0, p = 0; i < edges.length; i++, p += 4) {
    out[p] = out[p + 1] = out[p + 2] = edges[i]!;
    out[p + 3] = 255;
  }
  return out;
}

export function edgeFraction(edges: Uint8Array): number {
  let c = 0;
  for (const v of edges) if (v) c++;
  return edges.length ? c / edges.length : 0;
}
