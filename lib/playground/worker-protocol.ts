import type { ImageInput } from "./settings";

export type WorkerRequest =
  | { id: number; type: "prepare"; file: Blob; name: string; asMask: boolean }
  | { id: number; type: "canny"; gray: Uint8Array; width: number; height: number; low: number; high: number };

export type WorkerResponse =
  | { id: number; ok: true; type: "prepare"; image: ImageInput }
  | { id: number; ok: true; type: "canny"; edges: Uint8Array }
  | { id: number; ok: false; error: string };
