/// <reference lib="webworker" />
import { dhashFromImage } from "../hash";
import { ENCODE_QUALITY, fitPixels, mimeOf } from "../resize";
import { sniffFormat, sniffProblem } from "../sniff";
import type { ImageFormat } from "../types";
import type { JobMessage, JobReply, ProcessRequest, ProcessResponse } from "./protocol";

/**
 * Decode, check, shrink to 1 MP, thumbnail and hash one image, off the main thread. The original bytes
 * are kept unless the image is over 1 MP (re-encode only what must change).
 */

const THUMB_EDGE = 384;

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function draw(bitmap: ImageBitmap): { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new Error("no 2d context");
  ctx.drawImage(bitmap, 0, 0);
  return { canvas, ctx };
}

async function encode(bitmap: ImageBitmap, type: string, quality: number): Promise<Blob> {
  return draw(bitmap).canvas.convertToBlob({ type, quality });
}

/** A shrunk PNG stays PNG only when it has transparency; an opaque PNG photo is far smaller as JPEG. */
async function encodeShrunk(bitmap: ImageBitmap, format: ImageFormat): Promise<Blob> {
  const { canvas, ctx } = draw(bitmap);
  let type = mimeOf(format);
  if (format === "png") {
    const px = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let opaque = true;
    for (let i = 3; i < px.length; i += 4) {
      if (px[i] !== 255) {
        opaque = false;
        break;
      }
    }
    if (opaque) type = "image/jpeg";
  }
  return canvas.convertToBlob({ type, quality: ENCODE_QUALITY });
}

/** Hash from the thumbnail's pixels (exact cell averages, see dhashFromImage). */
function dhash(thumb: ImageBitmap): string {
  const canvas = new OffscreenCanvas(thumb.width, thumb.height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new Error("no 2d context");
  ctx.drawImage(thumb, 0, 0);
  return dhashFromImage(ctx.getImageData(0, 0, thumb.width, thumb.height).data, thumb.width, thumb.height);
}

async function processImage(req: ProcessRequest): Promise<ProcessResponse> {
  const bytes = new Uint8Array(await req.blob.arrayBuffer());
  const problem = sniffProblem(req.ext, bytes);
  if (problem) return { ok: false, reason: problem };
  const format = sniffFormat(bytes.subarray(0, 16)) as ImageFormat;
  const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: mimeOf(format) }), {
      imageOrientation: "from-image",
    });
  } catch {
    return {
      ok: false,
      reason: `the browser could not decode it as a ${format.toUpperCase()} image (the file is damaged)`,
    };
  }
  try {
    const fit = fitPixels(bitmap.width, bitmap.height);
    let output: Blob = req.blob;
    let outFormat = format;
    let working = bitmap;
    if (fit.shrink) {
      working = await createImageBitmap(bitmap, {
        resizeWidth: fit.width,
        resizeHeight: fit.height,
        resizeQuality: "high",
      });
      output = await encodeShrunk(working, format);
      // A browser that cannot write WebP falls back to PNG; say what was really written.
      outFormat = (output.type.replace("image/", "") as ImageFormat) || format;
    }
    const scale = Math.min(1, THUMB_EDGE / Math.max(working.width, working.height));
    const thumbBitmap = await createImageBitmap(working, {
      resizeWidth: Math.max(1, Math.round(working.width * scale)),
      resizeHeight: Math.max(1, Math.round(working.height * scale)),
      resizeQuality: "high",
    });
    const thumb = await encode(thumbBitmap, "image/jpeg", 0.8);
    const hash = dhash(thumbBitmap);
    thumbBitmap.close();
    if (working !== bitmap) working.close();
    return {
      ok: true,
      output,
      thumb,
      processed: {
        origWidth: bitmap.width,
        origHeight: bitmap.height,
        width: fit.width,
        height: fit.height,
        format: outFormat,
        bytes: output.size,
        reencoded: fit.shrink,
        dhash: hash,
        sha256,
      },
    };
  } finally {
    bitmap.close();
  }
}

self.onmessage = async (ev: MessageEvent<JobMessage<ProcessRequest>>) => {
  const { jobId, payload } = ev.data;
  let reply: JobReply<ProcessResponse>;
  try {
    reply = { jobId, payload: await processImage(payload) };
  } catch (e) {
    reply = { jobId, payload: { ok: false, reason: `processing failed: ${(e as Error).message}` } };
  }
  self.postMessage(reply);
};
