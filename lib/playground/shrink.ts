/** Control images and fill images are shrunk in the browser before upload: smaller bodies, same result. */

/** Longest side and pixel budget for images sent to BFL (its inputs are capped around 1 MP). */
export const MAX_INPUT_SIDE = 1440;
export const MAX_INPUT_PIXELS = 1024 * 1024;

/** The size to scale to (never up), keeping the aspect ratio. */
export function fitWithin(
  width: number,
  height: number,
  maxSide = MAX_INPUT_SIDE,
  maxPixels = MAX_INPUT_PIXELS,
): { width: number; height: number; scaled: boolean } {
  const scale = Math.min(1, maxSide / Math.max(width, height), Math.sqrt(maxPixels / (width * height)));
  if (scale >= 1) return { width, height, scaled: false };
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scaled: true,
  };
}

export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

export function imageTypeProblem(file: { name: string; type: string }): string | null {
  if ((ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type)) return null;
  return `“${file.name}” is not a JPEG, PNG or WebP image.`;
}
