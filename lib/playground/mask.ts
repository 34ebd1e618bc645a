/**
 * Fill masks: black keeps, white is repainted, same size as the image. Pure operations on RGBA pixels so
 * the painter's buttons (clear, invert) and uploaded masks behave the same and can be unit-tested.
 */

export interface Size {
  width: number;
  height: number;
}

/** Plain-words message when the mask and the image differ in size; null when they match. */
export function maskSizeProblem(image: Size, mask: Size): string | null {
  if (image.width === mask.width && image.height === mask.height) return null;
  return `The mask is ${mask.width}×${mask.height} pixels but the image is ${image.width}×${image.height}. They must be the same size: paint the mask here instead, or upload a mask made from this image.`;
}

export function clearMask(rgba: Uint8ClampedArray): void {
  for (let p = 0; p < rgba.length; p += 4) {
    rgba[p] = rgba[p + 1] = rgba[p + 2] = 0;
    rgba[p + 3] = 255;
  }
}

export function invertMask(rgba: Uint8ClampedArray): void {
  for (let p = 0; p < rgba.length; p += 4) {
    const v = rgba[p]! >= 128 ? 0 : 255;
    rgba[p] = rgba[p + 1] = rgba[p + 2] = v;
    rgba[p + 3] = 255;
  }
}

/** Turn any picture into a strict black/white mask (threshold on luma, transparent counts as keep). */
export function binariseMask(rgba: Uint8ClampedArray): void {
  for (let p = 0; p < rgba.length; p += 4) {
    const luma = (rgba[p]! * 299 + rgba[p + 1]! * 587 + rgba[p + 2]! * 114) / 1000;
    const v = rgba[p + 3]! >= 128 && luma >= 128 ? 255 : 0;
    rgba[p] = rgba[p + 1] = rgba[p + 2] = v;
    rgba[p + 3] = 255;
  }
}

/** Share of pixels that will be repainted (white). */
export function maskCoverage(rgba: Uint8ClampedArray): number {
  let white = 0;
  const n = rgba.length / 4;
  for (let p = 0; p < rgba.length; p += 4) if (rgba[p]! >= 128) white++;
  return n ? white / n : 0;
}

/** A pointer position in CSS pixels mapped to canvas pixels (the canvas is scaled to fit the page). */
export function toCanvasPoint(
  client: { x: number; y: number },
  rect: { left: number; top: number; width: number; height: number },
  canvas: Size,
): { x: number; y: number } {
  return {
    x: ((client.x - rect.left) / rect.width) * canvas.width,
    y: ((client.y - rect.top) / rect.height) * canvas.height,
  };
}
