"use client";

import { useCallback, useState } from "react";
import { classifyName, decodeCaption, ZIP_LIMITS } from "@/lib/bfl";
import type { ImageBlobs } from "@/lib/dataset/draft-store";
import {
  addCaptions,
  addImages,
  addRejections,
  type IncomingCaption,
  type IncomingImage,
  replaceItem,
} from "@/lib/dataset/pairing";
import type { Rejection } from "@/lib/dataset/types";
import type { ParseZipResponse } from "@/lib/dataset/workers/protocol";
import type { StudioState } from "./use-draft";
import { useImageBlobs } from "./use-image-blobs";
import { type StudioPools, useImageProcessing } from "./use-image-processing";

export type { Progress } from "./use-image-processing";

const uid = () => crypto.randomUUID();

type Incoming = IncomingImage & { file: File; ext: string };
interface Sorted {
  images: Incoming[];
  captions: IncomingCaption[];
  rejections: Rejection[];
}

/** A caption file's text, or why it is refused. */
async function readCaption(file: File): Promise<{ text: string } | { reason: string }> {
  if (file.size > ZIP_LIMITS.maxCaptionBytes)
    return { reason: `a caption is at most ${ZIP_LIMITS.maxCaptionBytes / 1024} KB of text` };
  const text = decodeCaption(new Uint8Array(await file.arrayBuffer()));
  return text === null ? { reason: "the caption is not UTF-8 text" } : { text };
}

/** Unpack a dropped ZIP in the worker into `into`. */
async function unpackZip(zip: StudioPools["zip"], file: File, into: Sorted): Promise<void> {
  const res = (await zip.run({ type: "parse-zip", blob: file })) as ParseZipResponse;
  if (!res.ok) {
    into.rejections.push({ id: uid(), name: file.name, reason: res.reason });
    return;
  }
  for (const r of res.rejections) into.rejections.push({ id: uid(), ...r });
  for (const cap of res.captions)
    into.captions.push({ name: cap.name, stem: classifyName(cap.name).stem, text: cap.text });
  for (const img of res.images) {
    const ic = classifyName(img.name);
    const f = new File([img.blob], ic.fileName, { type: img.blob.type });
    into.images.push({
      id: uid(),
      name: ic.fileName,
      stem: ic.stem,
      origBytes: f.size,
      file: f,
      ext: ic.ext,
    });
  }
}

/**
 * Files in, dataset out: classify dropped files, unpack ZIPs (worker), pair captions, and run every
 * image through the image workers. The Blobs live in `useImageBlobs`, the workers in `useImageProcessing`.
 */
export function useImageFiles(commit: (fn: (s: StudioState) => StudioState) => StudioState) {
  const store = useImageBlobs();
  const { progress, getPools, process, cancel, resume, zipPlan } = useImageProcessing(store, commit);
  /** The ZIP being unpacked, so a large archive shows that something is happening. */
  const [reading, setReading] = useState<string | null>(null);
  const { keepOriginals } = store;

  const addFiles = useCallback(
    async (files: readonly File[]): Promise<void> => {
      const sorted: Sorted = { images: [], captions: [], rejections: [] };
      for (const file of files) {
        const c = classifyName(file.name);
        if (c.ext === "zip") {
          const { zip } = await getPools();
          setReading(file.name);
          await unpackZip(zip, file, sorted).finally(() => setReading(null));
        } else if (c.kind === "image") {
          sorted.images.push({
            id: uid(),
            name: c.fileName,
            stem: c.stem,
            origBytes: file.size,
            file,
            ext: c.ext,
          });
        } else if (c.kind === "caption") {
          const r = await readCaption(file);
          if ("text" in r) sorted.captions.push({ name: c.fileName, stem: c.stem, text: r.text });
          else sorted.rejections.push({ id: uid(), name: file.name, reason: r.reason });
        } else if (c.kind === "unsupported") {
          sorted.rejections.push({ id: uid(), name: file.name, reason: c.reason ?? "not supported" });
        }
      }
      let accepted: IncomingImage[] = [];
      commit((s) => {
        const added = addImages(s.dataset, sorted.images);
        accepted = added.accepted;
        return {
          ...s,
          dataset: addRejections(addCaptions(added.state, sorted.captions), sorted.rejections),
        };
      });
      const byId = new Map(sorted.images.map((i) => [i.id, i]));
      const taken = accepted.map((a) => byId.get(a.id)!);
      // Processing does not wait for the originals' write (what it makes is stored under its own key).
      keepOriginals(taken.map((i) => ({ id: i.id, original: i.file })));
      await Promise.all(taken.map((i) => process(i.id, i.file, i.ext)));
    },
    [commit, getPools, keepOriginals, process],
  );

  const replace = useCallback(
    async (id: string, file: File) => {
      const c = classifyName(file.name);
      if (c.kind !== "image") {
        commit((s) => ({
          ...s,
          dataset: addRejections(s.dataset, [
            { id: uid(), name: file.name, reason: c.reason ?? "not an image" },
          ]),
        }));
        return;
      }
      commit((s) => ({ ...s, dataset: replaceItem(s.dataset, id, { name: c.fileName, size: file.size }) }));
      keepOriginals([{ id, original: file }]);
      await process(id, file, c.ext);
    },
    [commit, keepOriginals, process],
  );

  const forget = useCallback(
    (id: string) => {
      cancel(id);
      store.forget(id);
    },
    [cancel, store.forget],
  );

  /** Put restored Blobs back (after a reload); images that were mid-processing run again. */
  const restore = useCallback(
    (stored: Map<string, ImageBlobs>, pending: { id: string; name: string }[]) => {
      store.restore(stored);
      resume(pending);
    },
    [resume, store.restore],
  );

  return {
    blobs: store.blobs,
    urls: store.urls,
    progress,
    reading,
    addFiles,
    replace,
    forget,
    restore,
    resume,
    zipPlan,
  };
}
