/// <reference lib="webworker" />

import {
  fitWithin,
  formatOfMime,
  type ImageFormat,
  isImageFormat,
  mimeOf,
  sniffFormat,
} from "@/lib/bfl/image-format";
import { serveWorker } from "@/lib/workers/serve";
import { gridFromImage } from "../hash";
import { ENCODE_QUALITY, MAX_PIXELS } from "../resize";
import { sniffProblem } from "../sniff";
import type { ImageContract, ProcessRequest, ProcessResponse } from "./protocol";

/**
 * Decode, check, shrink to 1 MP, thumbnail and hash one image, off the main thread. The original bytes
 * are kept unless the image is over 1 MP (re-encode only what must change).
 */

const THUMB_EDGE = 384;
const THUMB_QUALITY = 0.8;

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function canvas2d(width: number, height: number, willReadFrequently: boolean) {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d", { willReadFrequently });
  if (!ctx) throw new Error("no 2d context");
  // Mipmapped smoothing: as good as a separate high-quality resize for a photo, at a fraction of the cost.
  ctx.imageSmoothingQuality = "high";
  return { canvas, ctx };
}

/**
 * The 1 MP copy, drawn straight from the decoded original (no intermediate bitmap). A shrunk PNG stays
 * PNG only when it has transparency; an opaque PNG photo is far smaller as JPEG.
 */
async function shrink(bitmap: ImageBitmap, width: number, height: number, format: ImageFormat) {
  const { canvas, ctx } = canvas2d(width, height, format === "png");
  ctx.drawImage(bitmap, 0, 0, width, height);
  let type = mimeOf(format);
  if (format === "png") {
    const px = ctx.getImageData(0, 0, width, height).data;
    let opaque = true;
    for (let i = 3; i < px.length; i += 4) {
      if (px[i] !== 255) {
        opaque = false;
        break;
      }
    }
    if (opaque) type = "image/jpeg";
  }
  return { canvas, output: await canvas.convertToBlob({ type, quality: ENCODE_QUALITY }) };
}

/**
 * Thumbnail and grid (hash.ts) from one small canvas drawn from the (at most 1 MP) working image, never from the
 * original: one draw, its pixels read once for the hash (exact cell averages, see gridFromImage) and
 * encoded once for the thumbnail.
 */
async function thumbAndHash(source: CanvasImageSource, w: number, h: number) {
  const scale = Math.min(1, THUMB_EDGE / Math.max(w, h));
  const width = Math.max(1, Math.round(w * scale));
  const height = Math.max(1, Math.round(h * scale));
  const { canvas, ctx } = canvas2d(width, height, true);
  ctx.drawImage(source, 0, 0, width, height);
  const grid = gridFromImage(ctx.getImageData(0, 0, width, height).data, width, height);
  const thumb = await canvas.convertToBlob({ type: "image/jpeg", quality: THUMB_QUALITY });
  return { thumb, grid };
}

/** Decode straight from the dropped Blob (no copy of its bytes); the type only tells the decoder what to expect. */
function asTyped(blob: Blob, format: ImageFormat): Blob {
  const mime = mimeOf(format);
  return blob.type === mime ? blob : blob.slice(0, blob.size, mime);
}

async function processImage(req: ProcessRequest): Promise<ProcessResponse> {
  const bytes = new Uint8Array(await req.blob.arrayBuffer());
  const problem = sniffProblem(req.ext, bytes);
  if (problem) return { ok: false, reason: problem };
  const format = sniffFormat(bytes.subarray(0, 16));
  if (!isImageFormat(format)) return { ok: false, reason: "it is not a JPEG, PNG or WebP image" };
  // Full SHA-256 of the original: exact duplicates must be exact (a partial hash could pair two photos
  // that differ only in the middle). Native and off the main thread; it overlaps the decode below.
  const sha = crypto.subtle.digest("SHA-256", bytes);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(asTyped(req.blob, format), { imageOrientation: "from-image" });
  } catch {
    return {
      ok: false,
      reason: `the browser could not decode it as a ${format.toUpperCase()} image (the file is damaged)`,
    };
  }
  const origWidth = bitmap.width;
  const origHeight = bitmap.height;
  try {
    const fit = fitWithin(origWidth, origHeight, { maxPixels: MAX_PIXELS });
    let output: Blob = req.blob;
    let outFormat = format;
    let working: CanvasImageSource = bitmap;
    let reencoded = false;
    if (fit.scaled) {
      const shrunk = await shrink(bitmap, fit.width, fit.height, format);
      working = shrunk.canvas;
      // Shrinking must never make the upload bigger (a well-compressed original can beat the re-encode):
      // then the original goes in as it is, and BFL scales it to 1 MP itself.
      if (shrunk.output.size < req.blob.size) {
        output = shrunk.output;
        reencoded = true;
        // A browser that cannot write WebP falls back to PNG; say what was really written.
        outFormat = formatOfMime(output.type) ?? format;
      }
      // The full-size pixels are not needed past this point.
      bitmap.close();
    }
    const { thumb, grid } = await thumbAndHash(working, fit.width, fit.height);
    return {
      ok: true,
      output,
      thumb,
      processed: {
        origWidth,
        origHeight,
        width: reencoded ? fit.width : origWidth,
        height: reencoded ? fit.height : origHeight,
        format: outFormat,
        bytes: output.size,
        reencoded,
        grid,
        sha256: hex(await sha),
      },
    };
  } finally {
    bitmap.close();
  }
}

serveWorker<ImageContract>({
  async process(req) {
    try {
      return await processImage(req);
    } catch (e) {
      return { ok: false, reason: `processing failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  },
});
