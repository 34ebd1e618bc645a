import type { DerivedBlobs, ImageBlobs } from "@/lib/dataset/draft-store";
import type { ProcessResponse } from "@/lib/dataset/workers/protocol";

/** Helpers for applying image-worker results in batches (see use-image-files). */

export type Urls = ReadonlyMap<string, { thumb: string; full: string }>;

/** One worker reply waiting for the next animation frame; `token` tells a stale reply from the latest. */
export interface Finished {
  id: string;
  token: number;
  original: Blob;
  res: ProcessResponse;
  resolve: () => void;
}

/** The Blobs kept in memory and the part of them written to IndexedDB after processing. */
export function splitResult(original: Blob, res: Extract<ProcessResponse, { ok: true }>) {
  // Unshrunk images go into the ZIP as they came: the original is the output, and is stored only once.
  const output = res.processed.reencoded ? res.output : undefined;
  const blobs: ImageBlobs = { original, output: output ?? original, thumb: res.thumb };
  const derived: DerivedBlobs = { output, thumb: res.thumb };
  return { blobs, derived };
}

/** Apply URL changes (a Blob set = new thumbnail and full-size URLs; undefined = none) to a copy of `prev`. */
export function withUrls(prev: Urls, changes: readonly [string, ImageBlobs | undefined][]): Urls {
  const next = new Map(prev);
  for (const [id, b] of changes) {
    const old = next.get(id);
    if (old) {
      URL.revokeObjectURL(old.thumb);
      URL.revokeObjectURL(old.full);
    }
    if (b?.thumb)
      next.set(id, {
        thumb: URL.createObjectURL(b.thumb),
        full: URL.createObjectURL(b.output ?? b.original),
      });
    else next.delete(id);
  }
  return next;
}
