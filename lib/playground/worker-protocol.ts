import type { ImageInput } from "./settings";

/** image-worker.ts's contract (lib/workers/rpc.ts): prepare an input image, draw a canny edge map. */
export type PlaygroundWorkerContract = {
  prepare: { req: { file: Blob; name: string; asMask: boolean }; res: ImageInput };
  canny: {
    req: { gray: Uint8Array; width: number; height: number; low: number; high: number };
    res: Uint8Array;
  };
};
