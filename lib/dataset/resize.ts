import { DATASET_RULES } from "@/lib/bfl";
import type { ImageFormat } from "./types";

/** BFL caps training images at 1 MP; bigger ones are shrunk here so the upload is small. */
export const MAX_PIXELS = DATASET_RULES.maxPixels;
/** Below this, quality suffers noticeably (a quarter of the 1 MP BFL trains at). */
export const TINY_PIXELS = 512 * 512;
/**
 * JPEG/WebP quality when an image must be re-encoded (only images over 1 MP are). 0.85 rather than 0.9:
 * BFL trains at about 1 MP anyway, so the difference is invisible to training, while the files come out
 * roughly a fifth smaller, which keeps the upload well inside its "10x smaller than a ZIP of the
 * originals" budget instead of at its edge.
 */
export const ENCODE_QUALITY = 0.85;

/** Largest size with the same aspect ratio and at most `maxPixels` pixels (unchanged if it fits). */
export function fitPixels(width: number, height: number, maxPixels = MAX_PIXELS) {
  if (width * height <= maxPixels) return { width, height, shrink: false };
  const scale = Math.sqrt(maxPixels / (width * height));
  let w = Math.max(1, Math.floor(width * scale));
  let h = Math.max(1, Math.floor(height * scale));
  while (w * h > maxPixels) {
    if (w >= h) w--;
    else h--;
  }
  return { width: w, height: h, shrink: true };
}

/** Format to write a shrunk image in (the worker turns opaque PNGs into JPEG; see encodeShrunk). */
export function outputFormat(source: ImageFormat): ImageFormat {
  return source;
}

export function mimeOf(format: ImageFormat): string {
  return `image/${format}`;
}

export function extOf(format: ImageFormat): string {
  return format === "jpeg" ? "jpg" : format;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function megapixels(width: number, height: number): string {
  return `${((width * height) / 1e6).toFixed(1)} MP`;
}
