"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { classifyName, decodeCaption, ZIP_LIMITS } from "@/lib/bfl";
import {
  type DerivedBlobs,
  deleteBlobs,
  type ImageBlobs,
  saveDerived,
  saveOriginals,
} from "@/lib/dataset/draft-store";
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
import type { ImageContract, ProcessResponse, ZipContract } from "@/lib/dataset/workers/protocol";
import type { WorkerPool } from "@/lib/workers/pool";
import { createFrameBatch, type FrameBatch } from "./frame-batch";
import { type Finished, splitResult, type Urls, withUrls } from "./image-results";
import type { StudioState } from "./use-draft";

type ImagePool = WorkerPool<ImageContract>;
type ZipPool = WorkerPool<ZipContract>;

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
 * Worker replies are applied at most this often (the last one of a drop at once): each application
 * re-renders the studio and paints new thumbnails, which on a 2-core machine takes CPU from the workers.
 */
const BATCH_GAP_MS = 150;

/**
 * Files in, dataset out: classify dropped files, unpack ZIPs (worker), pair captions, and run every
 * image through the image workers (decode, check, shrink, thumbnail, hash). Holds the Blobs and their
 * object URLs.
 */
export function useImageFiles(commit: (fn: (s: StudioState) => StudioState) => StudioState) {
  const blobs = useRef(new Map<string, ImageBlobs>());
  const [urls, setUrls] = useState<Urls>(new Map());
  const [progress, setProgress] = useState<Progress>({ done: 0, total: 0 });
  /** The ZIP being unpacked, so a large archive shows that something is happening. */
  const [reading, setReading] = useState<string | null>(null);
  const counts = useRef({ done: 0, total: 0, replied: 0, start: 0 });
  const pools = useRef<{ image?: ImagePool; zip?: ZipPool }>({});
  /** The latest processing run per image; a reply from an older run (replaced, deleted) is dropped. */
  const latest = useRef(new Map<string, number>());
  const nextToken = useRef(0);
  const batch = useRef<FrameBatch<Finished> | null>(null);

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
      batch.current?.cancel();
      pools.current.image?.terminate();
      pools.current.zip?.terminate();
    },
    [],
  );

  const setUrl = useCallback((id: string, b: ImageBlobs | undefined) => {
    setUrls((prev) => withUrls(prev, [[id, b]]));
  }, []);

  /**
   * Worker replies that arrived since the last batch, applied together: one state commit, one new URL map,
   * one progress update and one IndexedDB transaction, so 20 replies do not cost 20 renders and paints.
   */
  const applyFinished = useCallback(
    (items: Finished[]) => {
      const urlChanges: [string, ImageBlobs | undefined][] = [];
      const derived: { id: string; derived: DerivedBlobs }[] = [];
      const outcomes: Finished[] = [];
      for (const f of items) {
        if (latest.current.get(f.id) !== f.token) continue;
        latest.current.delete(f.id);
        outcomes.push(f);
        if (f.res.ok) {
          const split = splitResult(f.original, f.res);
          blobs.current.set(f.id, split.blobs);
          urlChanges.push([f.id, split.blobs]);
          derived.push({ id: f.id, derived: split.derived });
        } else {
          blobs.current.delete(f.id);
          void deleteBlobs(f.id).catch(() => undefined);
        }
      }
      if (urlChanges.length > 0) setUrls((prev) => withUrls(prev, urlChanges));
      void saveDerived(derived).catch(() => undefined);
      if (outcomes.length > 0)
        commit((s) => {
          let dataset = s.dataset;
          for (const { id, res } of outcomes)
            dataset = res.ok
              ? markProcessed(dataset, id, res.processed)
              : markFailed(dataset, id, res.reason);
          return { ...s, dataset };
        });
      const c = counts.current;
      c.done += items.length;
      setProgress({ done: c.done, total: c.total });
      if (c.done === c.total) {
        window.__datasetTimings = {
          ...window.__datasetTimings,
          processMs: Math.round(performance.now() - c.start),
        };
        performance.measure("dataset:process", { start: c.start, end: performance.now() });
      }
      for (const f of items) f.resolve();
    },
    [commit],
  );

  /** Run one image through a worker; resolves once its result is in the state. */
  const process = useCallback(
    async (id: string, file: Blob, ext: string) => {
      const c = counts.current;
      if (c.done === c.total) Object.assign(c, { done: 0, total: 0, replied: 0, start: performance.now() });
      c.total++;
      setProgress({ done: c.done, total: c.total });
      const token = ++nextToken.current;
      latest.current.set(id, token);
      const { image } = await getPools();
      const res = await image
        .call("process", { blob: file, ext })
        .catch((e: Error): ProcessResponse => ({ ok: false, reason: `processing failed (${e.message})` }));
      batch.current ??= createFrameBatch(applyFinished, BATCH_GAP_MS);
      c.replied++;
      const last = c.replied === c.total;
      await new Promise<void>((resolve) =>
        batch.current?.push({ id, token, original: file, res, resolve }, last),
      );
    },
    [applyFinished, getPools],
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
          setReading(file.name);
          const res = await zip.call("parseZip", { blob: file }).finally(() => setReading(null));
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
      const originals = accepted.map((a) => ({ id: a.id, original: byId.get(a.id)!.file }));
      for (const o of originals) blobs.current.set(o.id, { original: o.original });
      // Each original is written once, in one transaction for the whole drop; processing does not wait
      // for it (what processing makes is stored under its own key, see draft-store).
      void saveOriginals(originals).catch(() => undefined);
      await Promise.all(accepted.map((a) => process(a.id, byId.get(a.id)!.file, byId.get(a.id)!.ext)));
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
      commit((s) => ({ ...s, dataset: replaceItem(s.dataset, id, { name: c.fileName, size: file.size }) }));
      blobs.current.set(id, { original: file });
      setUrl(id, undefined);
      void saveOriginals([{ id, original: file }]).catch(() => undefined);
      await process(id, file, c.ext);
    },
    [commit, process, setUrl],
  );

  const forget = useCallback(
    (id: string) => {
      blobs.current.delete(id);
      latest.current.delete(id);
      setUrl(id, undefined);
      void deleteBlobs(id).catch(() => undefined);
    },
    [setUrl],
  );

  /** Put restored Blobs back (after a reload); images that were mid-processing run again. */
  const restore = useCallback(
    (stored: Map<string, ImageBlobs>, pending: { id: string; name: string }[]) => {
      const changes: [string, ImageBlobs][] = [];
      for (const [id, b] of stored) {
        blobs.current.set(id, b);
        if (b.thumb) changes.push([id, b]);
      }
      if (changes.length > 0) setUrls((prev) => withUrls(prev, changes));
      for (const p of pending) {
        const b = stored.get(p.id);
        if (b) void process(p.id, b.original, classifyName(p.name).ext);
      }
    },
    [process],
  );

  /**
   * Process again images that wait with no job running (one removed mid-processing, then brought back by
   * an undo after its job's reply was dropped).
   */
  const resume = useCallback(
    (items: readonly { id: string; name: string }[]) => {
      for (const i of items) {
        const b = blobs.current.get(i.id);
        if (b && !latest.current.has(i.id)) void process(i.id, b.original, classifyName(i.name).ext);
      }
    },
    [process],
  );

  return { blobs, urls, progress, reading, addFiles, replace, forget, restore, resume, getPools };
}
