"use client";

import { useCallback, useState } from "react";
import type { Finetune } from "@/lib/api/types";
import { formToParams } from "@/lib/dataset/form";
import { measureZip } from "@/lib/dataset/timings";
import { planZip, type ZipPlanEntry } from "@/lib/dataset/zip-plan";
import { ApiError } from "@/lib/queries/fetcher";
import { useUploadFinetune } from "@/lib/queries/finetunes";
import type { StudioState } from "./use-draft";

export type SubmitPhase =
  | { phase: "idle" }
  | { phase: "zipping"; progress: number }
  | { phase: "zipped"; bytes: number; url: string }
  | { phase: "uploading"; progress: number }
  | { phase: "done" }
  | { phase: "error"; message: string };

/**
 * The studio's last step: build the training ZIP in the worker (images stored, captions deflated), then
 * upload it with the parameters (`useUploadFinetune`, a mutation with upload progress). "Prepare ZIP"
 * builds it without submitting (benchmarks, downloads).
 */
export function useDatasetSubmit({
  read,
  zipPlan,
  beforeUpload,
  onSubmitted,
}: {
  read: () => StudioState;
  zipPlan: (plan: readonly ZipPlanEntry[], onProgress: (p: number) => void) => Promise<Blob>;
  /** Runs before the ZIP is built (the draft is saved, so a failed upload loses nothing). */
  beforeUpload: () => Promise<void>;
  onSubmitted: (finetune: Finetune) => Promise<void>;
}) {
  const [local, setLocal] = useState<SubmitPhase>({ phase: "idle" });
  const upload = useUploadFinetune();

  const buildZip = useCallback(async (): Promise<Blob> => {
    const items = read().dataset.items;
    setLocal({ phase: "zipping", progress: 0 });
    const start = performance.now();
    const zip = await zipPlan(planZip(items), (p) => setLocal({ phase: "zipping", progress: p }));
    measureZip(start, { zipBytes: zip.size, originalBytes: items.reduce((n, i) => n + i.origBytes, 0) });
    return zip;
  }, [read, zipPlan]);

  const prepareZip = useCallback(async () => {
    try {
      const zip = await buildZip();
      setLocal({ phase: "zipped", bytes: zip.size, url: URL.createObjectURL(zip) });
    } catch (e) {
      setLocal({ phase: "error", message: (e as Error).message });
    }
  }, [buildZip]);

  const { mutateAsync } = upload;
  const submit = useCallback(async () => {
    const params = formToParams(read().form);
    if (!params) return;
    try {
      await beforeUpload();
      const zip = await buildZip();
      setLocal({ phase: "uploading", progress: 0 });
      const finetune = await mutateAsync({ zip, params });
      setLocal({ phase: "done" });
      await onSubmitted(finetune);
    } catch (e) {
      const message =
        e instanceof ApiError ? e.message : `Something went wrong before the upload: ${(e as Error).message}`;
      setLocal({ phase: "error", message });
    }
  }, [beforeUpload, buildZip, mutateAsync, onSubmitted, read]);

  const reset = useCallback(() => setLocal({ phase: "idle" }), []);

  // While uploading, the progress is the mutation's.
  const phase: SubmitPhase =
    local.phase === "uploading" ? { phase: "uploading", progress: upload.progress } : local;
  return { phase, prepareZip, submit, reset };
}
