/// <reference lib="webworker" />
import { dhashFromRgba } from "../hash";
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

async function encode(bitmap: ImageBitmap, type: string, quality: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2d context");
  ctx.drawImage(bitmap, 0, 0);
  return canvas.convertToBlob({ type, quality });
}

async function dhash(source: ImageBitmap): Promise<string> {
  const tiny = await createImageBitmap(source, { resizeWidth: 9, resizeHeight: 8, resizeQuality: "medium" });
  const canvas = new OffscreenCanvas(9, 8);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2d context");
  ctx.drawImage(tiny, 0, 0);
  tiny.close();
  return dhashFromRgba(ctx.getImageData(0, 0, 9, 8).data);
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
      output = await encode(working, mimeOf(format), ENCODE_QUALITY);
      // A browser that cannot write WebP falls back to PNG; say what was really written.
      outFormat = (output.type.replace("image/", "") as ImageFormat) || format;
    }
    const scale = Math.min(1, THUMB_EDGE / Math.max(working.width, working.height));
    const thumbBitmap = await createImageBitmap(working, {
      resizeWidth: Math.max(1, Math.round(working.width * scale)),
      resizeHeight: Math.max(1, Math.round(working.height * scale)),
      resizeQuality: "medium",
    });
    const thumb = await encode(thumbBitmap, "image/jpeg", 0.8);
    const hash = await dhash(thumbBitmap);
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
