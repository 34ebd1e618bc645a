import { DATASET_RULES } from "@/lib/bfl";

/** BFL caps training images at 1 MP; the image worker shrinks bigger ones to it (fitWithin) so the upload is small. */
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

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function megapixels(width: number, height: number): string {
  return `${((width * height) / 1e6).toFixed(1)} MP`;
}
