"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { classifyName, decodeCaption, ZIP_LIMITS } from "@/lib/bfl";
import { deleteBlobs, type ImageBlobs, saveBlobs } from "@/lib/dataset/draft-store";
import {
  addCaptions,
  addImages,
  addRejections,
  type IncomingCaption,
  type IncomingImage,
  markFailed,
  markProcessed,
  replaceItem,
} from "@/lib/dataset/pairing";
import type { Rejection } from "@/lib/dataset/types";
import type { WorkerPool } from "@/lib/dataset/worker-pool";
import type {
  BuildZipRequest,
  BuildZipResponse,
  ParseZipRequest,
  ParseZipResponse,
  ProcessRequest,
  ProcessResponse,
} from "@/lib/dataset/workers/protocol";
import type { StudioState } from "./use-draft";

type ImagePool = WorkerPool<ProcessRequest, ProcessResponse>;
type ZipPool = WorkerPool<ParseZipRequest | BuildZipRequest, ParseZipResponse | BuildZipResponse>;

export interface Progress {
  done: number;
  total: number;
}

declare global {
  interface Window {
    __datasetTimings?: { processMs?: number; zipMs?: number; zipBytes?: number; originalBytes?: number };
  }
}

const uid = () => crypto.randomUUID();

/**
 * Files in, dataset out: classify dropped files, unpack ZIPs (worker), pair captions, and run every
 * image through the image workers (decode, check, shrink, thumbnail, hash). Holds the Blobs and their
 * object URLs.
 */
export function useImageFiles(commit: (fn: (s: StudioState) => StudioState) => StudioState) {
  const blobs = useRef(new Map<string, ImageBlobs>());
  const [urls, setUrls] = useState<ReadonlyMap<string, { thumb: string; full: string }>>(new Map());
  const [progress, setProgress] = useState<Progress>({ done: 0, total: 0 });
  const counts = useRef({ done: 0, total: 0, start: 0 });
  const pools = useRef<{ image?: ImagePool; zip?: ZipPool }>({});

  const getPools = useCallback(async () => {
    if (!pools.current.image) {
      const { createImagePool, createZipPool } = await import("@/lib/dataset/workers/pools");
      pools.current.image = createImagePool();
      pools.current.zip = createZipPool();
    }
    return pools.current as Required<typeof pools.current>;
  }, []);

  useEffect(
    () => () => {
      pools.current.image?.terminate();
      pools.current.zip?.terminate();
    },
    [],
  );

  const setUrl = useCallback((id: string, b: ImageBlobs | undefined) => {
    setUrls((prev) => {
      const next = new Map(prev);
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
      return next;
    });
  }, []);

  const process = useCallback(
    async (id: string, file: Blob, ext: string) => {
      const c = counts.current;
      if (c.done === c.total) Object.assign(c, { done: 0, total: 0, start: performance.now() });
      c.total++;
      setProgress({ done: c.done, total: c.total });
      const { image } = await getPools();
      const res = await image
        .run({ type: "process", blob: file, ext })
        .catch((e: Error): ProcessResponse => ({ ok: false, reason: `processing failed (${e.message})` }));
      if (res.ok) {
        const b: ImageBlobs = { original: file, output: res.output, thumb: res.thumb };
        blobs.current.set(id, b);
        setUrl(id, b);
        await saveBlobs(id, b).catch(() => undefined);
        commit((s) => ({ ...s, dataset: markProcessed(s.dataset, id, res.processed) }));
      } else {
        blobs.current.delete(id);
        void deleteBlobs(id).catch(() => undefined);
        commit((s) => ({ ...s, dataset: markFailed(s.dataset, id, res.reason) }));
      }
      c.done++;
      setProgress({ done: c.done, total: c.total });
      if (c.done === c.total) {
        window.__datasetTimings = {
          ...window.__datasetTimings,
          processMs: Math.round(performance.now() - c.start),
        };
        performance.measure("dataset:process", { start: c.start, end: performance.now() });
      }
    },
    [commit, getPools, setUrl],
  );

  const addFiles = useCallback(
    async (files: readonly File[]): Promise<void> => {
      const images: (IncomingImage & { file: File; ext: string })[] = [];
      const captions: IncomingCaption[] = [];
      const rejections: Rejection[] = [];
      for (const file of files) {
        const c = classifyName(file.name);
        if (c.ext === "zip") {
          const { zip } = await getPools();
          const res = (await zip.run({ type: "parse-zip", blob: file })) as ParseZipResponse;
          if (!res.ok) {
            rejections.push({ id: uid(), name: file.name, reason: res.reason });
            continue;
          }
          for (const r of res.rejections) rejections.push({ id: uid(), ...r });
          for (const cap of res.captions)
            captions.push({ name: cap.name, stem: classifyName(cap.name).stem, text: cap.text });
          for (const img of res.images) {
            const ic = classifyName(img.name);
            const f = new File([img.blob], ic.fileName, { type: img.blob.type });
            images.push({
              id: uid(),
              name: ic.fileName,
              stem: ic.stem,
              origBytes: f.size,
              file: f,
              ext: ic.ext,
            });
          }
        } else if (c.kind === "image") {
          images.push({ id: uid(), name: c.fileName, stem: c.stem, origBytes: file.size, file, ext: c.ext });
        } else if (c.kind === "caption") {
          const text =
            file.size > ZIP_LIMITS.maxCaptionBytes
              ? null
              : decodeCaption(new Uint8Array(await file.arrayBuffer()));
          if (text === null)
            rejections.push({
              id: uid(),
              name: file.name,
              reason:
                file.size > ZIP_LIMITS.maxCaptionBytes
                  ? `a caption is at most ${ZIP_LIMITS.maxCaptionBytes / 1024} KB of text`
                  : "the caption is not UTF-8 text",
            });
          else captions.push({ name: c.fileName, stem: c.stem, text });
        } else if (c.kind === "unsupported") {
          rejections.push({ id: uid(), name: file.name, reason: c.reason ?? "not supported" });
        }
      }
      let accepted: IncomingImage[] = [];
      commit((s) => {
        const added = addImages(s.dataset, images);
        accepted = added.accepted;
        return { ...s, dataset: addRejections(addCaptions(added.state, captions), rejections) };
      });
      const byId = new Map(images.map((i) => [i.id, i]));
      await Promise.all(
        accepted.map(async (a) => {
          const img = byId.get(a.id)!;
          blobs.current.set(a.id, { original: img.file });
          await saveBlobs(a.id, { original: img.file }).catch(() => undefined);
          return process(a.id, img.file, img.ext);
        }),
      );
    },
    [commit, getPools, process],
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
      commit((s) => ({ ...s, dataset: replaceItem(s.dataset, id, file.size) }));
      blobs.current.set(id, { original: file });
      setUrl(id, undefined);
      await saveBlobs(id, { original: file }).catch(() => undefined);
      await process(id, file, c.ext);
    },
    [commit, process, setUrl],
  );

  const forget = useCallback(
    (id: string) => {
      blobs.current.delete(id);
      setUrl(id, undefined);
      void deleteBlobs(id).catch(() => undefined);
    },
    [setUrl],
  );

  /** Put restored Blobs back (after a reload); images that were mid-processing run again. */
  const restore = useCallback(
    (stored: Map<string, ImageBlobs>, pending: { id: string; name: string }[]) => {
      for (const [id, b] of stored) {
        blobs.current.set(id, b);
        if (b.thumb) setUrl(id, b);
      }
      for (const p of pending) {
        const b = stored.get(p.id);
        if (b) void process(p.id, b.original, classifyName(p.name).ext);
      }
    },
    [process, setUrl],
  );

  return { blobs, urls, progress, addFiles, replace, forget, restore, getPools };
}
