"use client";

import { useCallback, useRef, useState } from "react";
import {
  type DerivedBlobs,
  deleteBlobs,
  type ImageBlobs,
  saveDerived,
  saveOriginals,
} from "@/lib/dataset/draft-store";
import type { ProcessResponse } from "@/lib/dataset/workers/protocol";
import { splitResult, type Urls, withUrls } from "./image-results";

/** One image's processing result, as the worker answered it. */
export interface ProcessedImage {
  id: string;
  original: Blob;
  res: ProcessResponse;
}

/**
 * The studio's image files: the Blobs in memory, their object URLs (thumbnail and full size), and their
 * IndexedDB copies (see draft-store). Every change to the Blobs goes through here, so URLs are revoked
 * and the stored copies follow.
 */
export function useImageBlobs() {
  const blobs = useRef(new Map<string, ImageBlobs>());
  const [urls, setUrls] = useState<Urls>(new Map());

  /** Keep new originals; each is written once, in one transaction for the whole drop. */
  const keepOriginals = useCallback((originals: readonly { id: string; original: Blob }[]) => {
    const cleared: [string, undefined][] = [];
    for (const o of originals) {
      if (blobs.current.has(o.id)) cleared.push([o.id, undefined]);
      blobs.current.set(o.id, { original: o.original });
    }
    if (cleared.length > 0) setUrls((prev) => withUrls(prev, cleared));
    void saveOriginals([...originals]).catch(() => undefined);
  }, []);

  /** Keep what processing made (one URL update, one IndexedDB transaction); drop the files of failures. */
  const keepResults = useCallback((results: readonly ProcessedImage[]) => {
    const urlChanges: [string, ImageBlobs | undefined][] = [];
    const derived: { id: string; derived: DerivedBlobs }[] = [];
    for (const { id, original, res } of results) {
      if (res.ok) {
        const split = splitResult(original, res);
        blobs.current.set(id, split.blobs);
        urlChanges.push([id, split.blobs]);
        derived.push({ id, derived: split.derived });
      } else {
        blobs.current.delete(id);
        void deleteBlobs(id).catch(() => undefined);
      }
    }
    if (urlChanges.length > 0) setUrls((prev) => withUrls(prev, urlChanges));
    void saveDerived(derived).catch(() => undefined);
  }, []);

  /** Put Blobs restored from IndexedDB (after a reload) back, with URLs for those that have a thumbnail. */
  const restore = useCallback((stored: ReadonlyMap<string, ImageBlobs>) => {
    const changes: [string, ImageBlobs][] = [];
    for (const [id, b] of stored) {
      blobs.current.set(id, b);
      if (b.thumb) changes.push([id, b]);
    }
    if (changes.length > 0) setUrls((prev) => withUrls(prev, changes));
  }, []);

  /** Drop an image's files everywhere: memory, URLs and IndexedDB. */
  const forget = useCallback((id: string) => {
    blobs.current.delete(id);
    setUrls((prev) => withUrls(prev, [[id, undefined]]));
    void deleteBlobs(id).catch(() => undefined);
  }, []);

  return { blobs, urls, keepOriginals, keepResults, restore, forget };
}

export type ImageBlobStore = ReturnType<typeof useImageBlobs>;
