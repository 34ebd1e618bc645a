import type { ProcessedImage } from "../types";

/** Messages between the studio and its workers (structured-clone friendly: Blobs, strings, numbers). */

export interface ProcessRequest {
  type: "process";
  blob: Blob;
  ext: string;
}
export type ProcessResponse =
  | { ok: true; processed: ProcessedImage; output: Blob; thumb: Blob }
  | { ok: false; reason: string };

export interface ParseZipRequest {
  type: "parse-zip";
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
  type: "build-zip";
  entries: { name: string; data: Blob | string; compression: "STORE" | "DEFLATE" }[];
}
export type BuildZipResponse = { ok: true; zip: Blob } | { ok: false; reason: string };

export type WorkerRequest = ProcessRequest | ParseZipRequest | BuildZipRequest;

/** Envelope: each request carries a job id; workers may send progress (0..1) before the answer. */
export interface JobMessage<T> {
  jobId: number;
  payload: T;
}
export interface JobReply<T> {
  jobId: number;
  progress?: number;
  payload?: T;
}
