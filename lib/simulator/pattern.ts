import { createHash } from "node:crypto";

/**
 * The "prompt and seed" layer of a simulated image: a palette from the prompt's hash and a wave/blob
 * pattern from the seed, drawn small (it is smooth) and scaled up by the renderer.
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rgb = [number, number, number];

function hsl(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h * 12) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

/** Three colours from the prompt: the same prompt always paints with the same palette. */
export function paletteFor(prompt: string): Rgb[] {
  const digest = createHash("sha256").update(prompt.trim().toLowerCase()).digest();
  const hue = digest.readUInt16BE(0) / 65536;
  const spread = 0.08 + (digest[2]! / 255) * 0.3;
  return [hsl(hue, 0.65, 0.3), hsl((hue + spread) % 1, 0.7, 0.55), hsl((hue + 0.5) % 1, 0.6, 0.78)];
}

/** Raw RGB pixels (width × height × 3) of the pattern. */
export function drawPattern(width: number, height: number, prompt: string, seed: number): Buffer {
  const palette = paletteFor(prompt);
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const angle = rand() * Math.PI * 2;
  const freq = 2 + rand() * 6;
  const phase = rand() * Math.PI * 2;
  const blobs = Array.from({ length: 3 + Math.floor(rand() * 3) }, () => ({
    x: rand(),
    y: rand(),
    r: 0.1 + rand() * 0.3,
  }));
  const [c0, c1, c2] = palette as [Rgb, Rgb, Rgb];
  const px = Buffer.alloc(width * height * 3);
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  for (let y = 0; y < height; y++) {
    const v = y / height;
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const wave = 0.5 + 0.5 * Math.sin((u * ca + v * sa) * freq * Math.PI + phase);
      let blob = 0;
      for (const b of blobs) {
        const dx = u - b.x;
        const dy = v - b.y;
        blob = Math.max(blob, 1 - Math.min(1, Math.sqrt(dx * dx + dy * dy) / b.r));
      }
      const o = (y * width + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const base = c0[ch]! * (1 - wave) + c1[ch]! * wave;
        px[o + ch] = base * (1 - blob) + c2[ch]! * blob;
      }
    }
  }
  return px;
}

/** A random seed like BFL picks when none is given (non-negative 32-bit). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
