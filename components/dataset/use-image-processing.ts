"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { classifyName } from "@/lib/bfl";
import { markFailed, markProcessed } from "@/lib/dataset/pairing";
import { measureProcessing } from "@/lib/dataset/timings";
import type { ImageContract, ProcessResponse, ZipContract } from "@/lib/dataset/workers/protocol";
import type { ZipPlanEntry } from "@/lib/dataset/zip-plan";
import { loadOnce } from "@/lib/workers/load-once";
import type { WorkerPool } from "@/lib/workers/pool";
import { createFrameBatch, type FrameBatch } from "./frame-batch";
import type { Finished } from "./image-results";
import type { StudioState } from "./use-draft";
import type { ImageBlobStore } from "./use-image-blobs";

type ImagePool = WorkerPool<ImageContract>;
type ZipPool = WorkerPool<ZipContract>;
export type StudioPools = { image: ImagePool; zip: ZipPool };

export interface Progress {
  done: number;
  total: number;
}

/**
 * Worker replies are applied at most this often (the last one of a drop at once): each application
 * re-renders the studio and paints new thumbnails, which on a 2-core machine takes CPU from the workers.
 */
const BATCH_GAP_MS = 150;

/**
 * The studio's workers and the image runs through them (decode, check, shrink, thumbnail, hash): results
 * are applied in batches to the state and the file store, with a progress count. A reply from an older
 * run of an image (replaced or removed since) is dropped.
 */
export function useImageProcessing(
  store: ImageBlobStore,
  commit: (fn: (s: StudioState) => StudioState) => StudioState,
) {
  const [progress, setProgress] = useState<Progress>({ done: 0, total: 0 });
  const counts = useRef({ done: 0, total: 0, replied: 0, start: 0 });
  /** The pools, made on first use and shared by every call, also those made while the module loads. */
  const [getPools] = useState(() =>
    loadOnce(async (): Promise<StudioPools> => {
      const { createImagePool, createZipPool } = await import("@/lib/dataset/workers/pools");
      return { image: createImagePool(), zip: createZipPool() };
    }),
  );
  /** The latest processing run per image. */
  const latest = useRef(new Map<string, number>());
  const nextToken = useRef(0);
  const batch = useRef<FrameBatch<Finished> | null>(null);
  const { keepResults, blobs } = store;

  useEffect(
    () => () => {
      batch.current?.cancel();
      // A terminated pool starts new workers on its next call, so a remount can use it again.
      getPools.peek()?.image.terminate();
      getPools.peek()?.zip.terminate();
    },
    [getPools],
  );

  /** Replies that arrived since the last batch, applied together: one commit, one render, one transaction. */
  const applyFinished = useCallback(
    (items: Finished[]) => {
      const outcomes = items.filter((f) => latest.current.get(f.id) === f.token);
      for (const f of outcomes) latest.current.delete(f.id);
      keepResults(outcomes);
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
      if (c.done === c.total) measureProcessing(c.start);
      for (const f of items) f.resolve();
    },
    [commit, keepResults],
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

  /** Drop the running job's result of an image, if any (it was removed or replaced). */
  const cancel = useCallback((id: string) => {
    latest.current.delete(id);
  }, []);

  /**
   * Process again images that wait with no job running (one removed mid-processing, then brought back by
   * an undo after its job's reply was dropped, or one mid-processing when the tab closed).
   */
  const resume = useCallback(
    (items: readonly { id: string; name: string }[]) => {
      for (const i of items) {
        const b = blobs.current.get(i.id);
        if (b && !latest.current.has(i.id)) void process(i.id, b.original, classifyName(i.name).ext);
      }
    },
    [blobs, process],
  );

  /** Zip a plan in the ZIP worker: image entries take the prepared image's bytes (else the original). */
  const zipPlan = useCallback(
    async (plan: readonly ZipPlanEntry[], onProgress: (p: number) => void): Promise<Blob> => {
      const entries = plan.map((e) => {
        if (e.source.kind === "caption")
          return { name: e.name, compression: e.compression, data: e.source.text };
        const b = blobs.current.get(e.source.id);
        return { name: e.name, compression: e.compression, data: b?.output ?? b?.original ?? new Blob() };
      });
      const { zip } = await getPools();
      const res = await zip.call("buildZip", { entries }, { onProgress });
      if (!res.ok) throw new Error(`Could not build the ZIP: ${res.reason}`);
      return res.zip;
    },
    [blobs, getPools],
  );

  return { progress, process, cancel, resume, zipPlan, getPools };
}
