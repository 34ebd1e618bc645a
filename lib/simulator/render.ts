import sharp from "sharp";
import { drawPattern, mulberry32, paletteFor } from "./pattern";

/**
 * Simulated inference images: real JPEG/PNG files rendered with sharp at the requested size. Layers:
 *   1. pattern  — palette from the prompt, waves/blobs from the seed;
 *   2. training — one of the finetune's training images (chosen and cropped by the seed), blended in with
 *                 weight 0.45 × finetune_strength (0 → absent, 2 → 90 %);
 *   3. image_prompt — blended in with its strength;
 *   4. structure — depth: the control image's luminance shades the picture; canny: its Sobel edges
 *                 (thresholds from canny_low/high_threshold) are drawn as dark lines;
 *   5. fill     — only the mask's white part is repainted; the rest is the input image.
 * Same inputs → same bytes (no randomness, no metadata).
 */

export type OutputImageFormat = "jpeg" | "png" | "webp";

export interface RenderInput {
  width: number;
  height: number;
  format: OutputImageFormat;
  prompt: string;
  seed: number;
  strength: number;
  /** Small copies of the finetune's training images (any format sharp reads). */
  training: Buffer[];
  imagePrompt?: { image: Buffer; strength: number };
  structure?: { kind: "depth" } | { kind: "canny"; low: number; high: number };
  /** The control image (depth/canny). */
  control?: Buffer;
  fill?: { image: Buffer; mask: Buffer | null };
}

const PIXEL_LIMIT = 100_000_000;
const CROPS = ["centre", "north", "south", "east", "west"] as const;

async function rgbAt(input: Buffer, width: number, height: number, fit: "cover" | "fill", position?: string) {
  return sharp(input, { limitInputPixels: PIXEL_LIMIT })
    .rotate()
    .resize(width, height, { fit, position })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer();
}

async function greyAt(input: Buffer, width: number, height: number) {
  return sharp(input, { limitInputPixels: PIXEL_LIMIT })
    .rotate()
    .resize(width, height, { fit: "fill" })
    .flatten({ background: "#000000" })
    .greyscale()
    .raw()
    .toBuffer();
}

function blend(out: Buffer, layer: Buffer, weight: number): void {
  if (weight <= 0) return;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * (1 - weight) + layer[i]! * weight;
}

/** Sobel gradient magnitude of a greyscale image (0 … ~1443). */
function sobel(grey: Buffer, w: number, h: number): Float32Array {
  const mag = new Float32Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const tl = grey[i - w - 1]!;
      const t = grey[i - w]!;
      const tr = grey[i - w + 1]!;
      const l = grey[i - 1]!;
      const r = grey[i + 1]!;
      const bl = grey[i + w - 1]!;
      const b = grey[i + w]!;
      const br = grey[i + w + 1]!;
      const gx = tr + 2 * r + br - tl - 2 * l - bl;
      const gy = bl + 2 * b + br - tl - 2 * t - tr;
      mag[i] = Math.sqrt(gx * gx + gy * gy);
    }
  }
  return mag;
}

/** Pixels with their alpha (fill without mask: transparent pixels are repainted, as BFL does). */
async function alphaMask(image: Buffer, width: number, height: number): Promise<Buffer | null> {
  const meta = await sharp(image, { limitInputPixels: PIXEL_LIMIT }).metadata();
  if (!meta.hasAlpha) return null;
  const alpha = await sharp(image, { limitInputPixels: PIXEL_LIMIT })
    .resize(width, height, { fit: "fill" })
    .extractChannel("alpha")
    .raw()
    .toBuffer();
  for (let i = 0; i < alpha.length; i++) alpha[i] = 255 - alpha[i]!;
  return alpha;
}

export async function renderImage(input: RenderInput): Promise<Buffer> {
  const { width: w, height: h } = input;
  const small = Math.min(1, 192 / Math.max(w, h));
  const pw = Math.max(8, Math.round(w * small));
  const ph = Math.max(8, Math.round(h * small));
  const pattern = drawPattern(pw, ph, input.prompt, input.seed);
  const out = await sharp(pattern, { raw: { width: pw, height: ph, channels: 3 } })
    .resize(w, h, { fit: "fill", kernel: "cubic" })
    .raw()
    .toBuffer();

  const rand = mulberry32(input.seed);
  if (input.training.length > 0 && input.strength > 0) {
    const pick = input.training[Math.floor(rand() * input.training.length)]!;
    const crop = CROPS[Math.floor(rand() * CROPS.length)]!;
    blend(out, await rgbAt(pick, w, h, "cover", crop), Math.min(1, 0.45 * input.strength));
  }
  if (input.imagePrompt && input.imagePrompt.strength > 0) {
    blend(out, await rgbAt(input.imagePrompt.image, w, h, "cover"), input.imagePrompt.strength);
  }
  if (input.structure && input.control) {
    const grey = await greyAt(input.control, w, h);
    if (input.structure.kind === "depth") {
      // Stretch the control image's luminance to 0..1 so even a flat photo shapes the result.
      let lo = 255;
      let hi = 0;
      for (let i = 0; i < w * h; i++) {
        lo = Math.min(lo, grey[i]!);
        hi = Math.max(hi, grey[i]!);
      }
      const range = Math.max(1, hi - lo);
      for (let i = 0; i < w * h; i++) {
        const shade = 0.12 + 0.88 * ((grey[i]! - lo) / range);
        for (let c = 0; c < 3; c++) out[i * 3 + c] = out[i * 3 + c]! * shade;
      }
    } else {
      const { low, high } = input.structure;
      const mag = sobel(grey, w, h);
      const ink = paletteFor(input.prompt)[0]!.map((v) => v * 0.4);
      const thick = Math.max(1, Math.round(Math.max(w, h) / 400));
      for (let i = 0; i < w * h; i++) {
        // Widest nearby gradient, so lines stay visible at any size.
        let m = mag[i]!;
        for (let d = 1; d <= thick; d++) m = Math.max(m, mag[i - d] ?? 0, mag[i - d * w] ?? 0);
        const k = m >= Math.max(high, 1) ? 1 : m >= Math.max(low, 1) ? 0.5 : 0;
        if (k === 0) continue;
        for (let c = 0; c < 3; c++) out[i * 3 + c] = out[i * 3 + c]! * (1 - k) + ink[c]! * k;
      }
    }
  }
  if (input.fill) {
    const original = await rgbAt(input.fill.image, w, h, "fill");
    const mask = input.fill.mask
      ? await greyAt(input.fill.mask, w, h)
      : await alphaMask(input.fill.image, w, h);
    if (mask) {
      for (let i = 0; i < w * h; i++) {
        const m = mask[i]! / 255;
        for (let c = 0; c < 3; c++) out[i * 3 + c] = original[i * 3 + c]! * (1 - m) + out[i * 3 + c]! * m;
      }
    }
  }
  const img = sharp(out, { raw: { width: w, height: h, channels: 3 } });
  if (input.format === "png") return img.png({ compressionLevel: 4 }).toBuffer();
  if (input.format === "webp") return img.webp({ quality: 88 }).toBuffer();
  return img.jpeg({ quality: 88, mozjpeg: false }).toBuffer();
}

/** Size of an input image after auto-rotation (output size of depth/canny/fill). */
export async function inputSize(image: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(image, { limitInputPixels: PIXEL_LIMIT }).metadata();
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  return rotated ? { width: height, height: width } : { width, height };
}
