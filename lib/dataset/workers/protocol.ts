import type { ProcessedImage } from "../types";

/** The studio's worker contracts (lib/workers/rpc.ts): structured-clone friendly Blobs, strings, numbers. */

export interface ProcessRequest {
  blob: Blob;
  ext: string;
}
export type ProcessResponse =
  | { ok: true; processed: ProcessedImage; output: Blob; thumb: Blob }
  | { ok: false; reason: string };

export interface ParseZipRequest {
  blob: Blob;
}
export type ParseZipResponse =
  | {
      ok: true;
      images: { name: string; blob: Blob }[];
      captions: { name: string; text: string }[];
      rejections: { name: string; reason: string }[];
    }
  | { ok: false; reason: string };

export interface BuildZipRequest {
  entries: { name: string; data: Blob | string; compression: "STORE" | "DEFLATE" }[];
}
export type BuildZipResponse = { ok: true; zip: Blob } | { ok: false; reason: string };

/** image.worker.ts: check, shrink, thumbnail and hash one image. */
export type ImageContract = { process: { req: ProcessRequest; res: ProcessResponse } };

/** zip.worker.ts: unpack dropped ZIPs and build the training ZIP. */
export type ZipContract = {
  parseZip: { req: ParseZipRequest; res: ParseZipResponse };
  buildZip: { req: BuildZipRequest; res: BuildZipResponse };
};
