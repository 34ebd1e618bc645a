import { fitWithin } from "@/lib/bfl/image-format";
import { binariseMask } from "./mask";
import type { ImageInput } from "./settings";
import { imageTypeProblem, MAX_INPUT_PIXELS, MAX_INPUT_SIDE } from "./shrink";

/**
 * Decode, shrink (if large) and base64-encode an image file. Browser-only (createImageBitmap,
 * OffscreenCanvas); runs inside the image worker, or on the main thread where workers are unavailable.
 */

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

export async function prepareImage(
  file: File | Blob,
  opts: { name: string; asMask?: boolean; maxSide?: number; maxPixels?: number },
): Promise<ImageInput> {
  const typeProblem = imageTypeProblem({ name: opts.name, type: file.type });
  if (typeProblem) throw new Error(typeProblem);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`“${opts.name}” could not be read as an image. It may be damaged.`);
  }
  const { width: ow, height: oh } = bitmap;
  const target = fitWithin(ow, oh, {
    maxSide: opts.maxSide ?? MAX_INPUT_SIDE,
    maxPixels: opts.maxPixels ?? MAX_INPUT_PIXELS,
  });
  const keepBytes =
    !target.scaled && !opts.asMask && (file.type === "image/jpeg" || file.type === "image/png");
  if (keepBytes) {
    bitmap.close();
    const bytes = new Uint8Array(await file.arrayBuffer());
    return {
      base64: bytesToBase64(bytes),
      mime: file.type,
      width: ow,
      height: oh,
      originalWidth: ow,
      originalHeight: oh,
      name: opts.name,
    };
  }
  const canvas = new OffscreenCanvas(target.width, target.height);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot resize images.");
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, target.width, target.height);
  bitmap.close();
  if (opts.asMask) {
    const data = ctx.getImageData(0, 0, target.width, target.height);
    binariseMask(data.data);
    ctx.putImageData(data, 0, 0);
  }
  // Masks and PNGs stay lossless; photos go out as JPEG.
  const mime = opts.asMask || file.type === "image/png" ? "image/png" : "image/jpeg";
  const blob = await canvas.convertToBlob({ type: mime, quality: 0.92 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return {
    base64: bytesToBase64(bytes),
    mime,
    width: target.width,
    height: target.height,
    originalWidth: ow,
    originalHeight: oh,
    name: opts.name,
  };
}
