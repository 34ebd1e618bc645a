"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { finetuneEnvelopeSchema } from "@/lib/api/types";
import type { CaptionChange } from "@/lib/dataset/bulk-ops";
import { insertTrigger } from "@/lib/dataset/captions";
import { type CardFix, checkDataset } from "@/lib/dataset/checks";
import { clearDraft, loadDraft } from "@/lib/dataset/draft-store";
import {
  defaultForm,
  formFromFinetune,
  formToParams,
  type TrainingForm,
  updateForm,
} from "@/lib/dataset/form";
import {
  EMPTY_HISTORY,
  type History,
  idsHeld,
  record,
  redoStep,
  removeItems,
  type StepResult,
  undoStep,
} from "@/lib/dataset/history";
import { planLocalExport } from "@/lib/dataset/local-export";
import type { LocalTrainingOptions } from "@/lib/dataset/local-export-config";
import { dismissRejection, markFailed, removeOrphan, setCaptions } from "@/lib/dataset/pairing";
import { type DatasetState, EMPTY_DATASET } from "@/lib/dataset/types";
import { UploadError, uploadFinetune } from "@/lib/dataset/upload";
import { planZip, type ZipPlanEntry } from "@/lib/dataset/zip-plan";
import { apiFetch } from "@/lib/queries/fetcher";
import { INITIAL_STUDIO, useDraftState } from "./use-draft";
import { useImageFiles } from "./use-image-files";

export type SubmitPhase =
  | { phase: "idle" }
  | { phase: "zipping"; progress: number }
  | { phase: "zipped"; bytes: number; url: string }
  | { phase: "uploading"; progress: number }
  | { phase: "done" }
  | { phase: "error"; message: string };

/** Everything the dataset studio page does, as state plus actions for small components. */
export function useDatasetStudio() {
  const router = useRouter();
  const draft = useDraftState();
  const { state, commit, read } = draft;
  const files = useImageFiles(commit);
  const [loaded, setLoaded] = useState(false);
  const [submit, setSubmit] = useState<SubmitPhase>({ phase: "idle" });
  /** Why the last undo/redo was refused (cleared by the next successful step). */
  const [historyMessage, setHistoryMessage] = useState<string | null>(null);

  // Restore the draft once, then start saving.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once on mount
  useEffect(() => {
    let cancelled = false;
    loadDraft()
      .catch(() => null)
      .then((stored) => {
        if (cancelled) return;
        if (stored) {
          let dataset = stored.snapshot.dataset;
          for (const item of dataset.items) {
            if (!stored.blobs.has(item.id))
              dataset = markFailed(dataset, item.id, "its stored copy was lost; add it again");
          }
          commit(() => ({
            dataset,
            form: { ...defaultForm(), ...stored.snapshot.form },
            history: EMPTY_HISTORY,
          }));
          // Mid-processing images run again, and so does a ready one whose thumbnail and shrunk copy
          // (stored after the state says "ready") did not reach IndexedDB before the tab closed.
          files.restore(
            stored.blobs,
            dataset.items.filter((i) => i.status === "processing" || !stored.blobs.get(i.id)?.thumb),
          );
        }
        draft.enablePersistence();
        setLoaded(true);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const checks = useMemo(
    () =>
      checkDataset(state.dataset, {
        captioning: state.form.captioning,
        triggerWord: state.form.trigger_word,
        mode: state.form.mode,
      }),
    [state.dataset, state.form.captioning, state.form.trigger_word, state.form.mode],
  );

  // Typing is recorded too (one undo step per card), so an undo never silently replaces hand-typed text.
  const setCaption = useCallback(
    (id: string, caption: string | null) =>
      commit((s) => {
        const item = s.dataset.items.find((i) => i.id === id);
        if (!item || item.caption === caption) return s;
        return {
          ...s,
          dataset: setCaptions(s.dataset, [{ id, caption }]),
          history: record(s.history, {
            kind: "captions",
            label: `Edit caption of ${item.name}`,
            changes: [{ id, before: item.caption, after: caption }],
            typedId: id,
          }),
        };
      }),
    [commit],
  );

  const applyChanges = useCallback(
    (label: string, changes: CaptionChange[]) => {
      setHistoryMessage(null);
      commit((s) => ({
        ...s,
        dataset: setCaptions(
          s.dataset,
          changes.map((c) => ({ id: c.id, caption: c.after })),
        ),
        history: record(s.history, { kind: "captions", label, changes }),
      }));
    },
    [commit],
  );

  const step = useCallback(
    (fn: (h: History, d: DatasetState) => StepResult) =>
      commit((s) => {
        const r = fn(s.history, s.dataset);
        setHistoryMessage(r.ok ? null : r.error);
        return r.ok ? { ...s, dataset: r.dataset, history: r.history } : s;
      }),
    [commit],
  );
  const resumeWaiting = useCallback(
    () => files.resume(read().dataset.items.filter((i) => i.status === "processing")),
    [files.resume, read],
  );
  const undo = useCallback(() => {
    step(undoStep);
    resumeWaiting();
  }, [step, resumeWaiting]);
  const redo = useCallback(() => {
    step(redoStep);
    resumeWaiting();
  }, [step, resumeWaiting]);

  const fixCard = useCallback(
    (id: string, fix: CardFix) => {
      const s = read();
      const item = s.dataset.items.find((i) => i.id === id);
      if (!item) return;
      const after = fix === "add-trigger" ? insertTrigger(item.caption ?? "", s.form.trigger_word) : null;
      applyChanges(fix === "add-trigger" ? "Add trigger word" : "Remove empty caption", [
        { id, before: item.caption, after },
      ]);
    },
    [applyChanges, read],
  );

  /** Remove images as one undoable step; their files are kept while an undo could bring them back. */
  const removeImages = useCallback(
    (ids: ReadonlySet<string>) => {
      setHistoryMessage(null);
      commit((s) => {
        const { dataset, entry } = removeItems(s.dataset, ids);
        return { ...s, dataset, history: record(s.history, entry) };
      });
    },
    [commit],
  );

  // Drop the files (memory, object URLs, IndexedDB) of images that are gone for good: not in the dataset
  // and not held by an undo or redo step (a reload prunes the stored ones, see loadDraft).
  useEffect(() => {
    if (!loaded) return;
    const keep = idsHeld(state.history);
    for (const i of state.dataset.items) keep.add(i.id);
    for (const id of [...files.blobs.current.keys()]) if (!keep.has(id)) files.forget(id);
  }, [loaded, state.dataset.items, state.history, files.blobs, files.forget]);

  const setForm = useCallback(
    (patch: Partial<TrainingForm>) => commit((s) => ({ ...s, form: updateForm(s.form, patch) })),
    [commit],
  );

  const replaceForm = useCallback((form: TrainingForm) => commit((s) => ({ ...s, form })), [commit]);

  const clearAll = useCallback(async () => {
    for (const item of read().dataset.items) files.forget(item.id);
    commit(() => INITIAL_STUDIO);
    await clearDraft().catch(() => undefined);
    setSubmit({ phase: "idle" });
  }, [commit, files.forget, read]);

  /** Zip a plan in the worker: image entries take the prepared image's bytes. */
  const zipPlan = useCallback(
    async (plan: ZipPlanEntry[], onProgress: (p: number) => void): Promise<Blob> => {
      const entries = plan.map((e) => ({
        name: e.name,
        compression: e.compression,
        data:
          e.source.kind === "caption"
            ? e.source.text
            : (() => {
                const b = files.blobs.current.get(e.source.id);
                return b?.output ?? b?.original ?? new Blob();
              })(),
      }));
      const { zip } = await files.getPools();
      const res = await zip.call("buildZip", { entries }, { onProgress });
      if (!res.ok) throw new Error(`Could not build the ZIP: ${res.reason}`);
      return res.zip;
    },
    [files.blobs, files.getPools],
  );

  /** Build the training ZIP in the worker (images stored, captions deflated). */
  const buildZip = useCallback(async (): Promise<Blob> => {
    const s = read();
    setSubmit({ phase: "zipping", progress: 0 });
    const start = performance.now();
    performance.mark("dataset:zip-start");
    const zip = await zipPlan(planZip(s.dataset.items), (p) => setSubmit({ phase: "zipping", progress: p }));
    performance.mark("dataset:zip-end");
    performance.measure("dataset:zip", "dataset:zip-start", "dataset:zip-end");
    const originalBytes = s.dataset.items.reduce((n, i) => n + i.origBytes, 0);
    window.__datasetTimings = {
      ...window.__datasetTimings,
      zipMs: Math.round(performance.now() - start),
      zipBytes: zip.size,
      originalBytes,
    };
    return zip;
  }, [read, zipPlan]);

  /** "Export for local training": the dataset, an ai-toolkit config and the steps, as one ZIP. */
  const exportLocal = useCallback(
    (options: LocalTrainingOptions, onProgress: (p: number) => void) =>
      zipPlan(planLocalExport(read().dataset.items, options), onProgress),
    [read, zipPlan],
  );

  const prepareZip = useCallback(async () => {
    try {
      const zip = await buildZip();
      setSubmit({ phase: "zipped", bytes: zip.size, url: URL.createObjectURL(zip) });
    } catch (e) {
      setSubmit({ phase: "error", message: (e as Error).message });
    }
  }, [buildZip]);

  const submitFinetune = useCallback(async () => {
    const params = formToParams(read().form);
    if (!params || checks.blocked) return;
    try {
      await draft.flush();
      const zip = await buildZip();
      setSubmit({ phase: "uploading", progress: 0 });
      const finetune = await uploadFinetune(zip, params, (p) =>
        setSubmit({ phase: "uploading", progress: p }),
      );
      setSubmit({ phase: "done" });
      for (const item of read().dataset.items) files.forget(item.id);
      commit(() => ({ ...INITIAL_STUDIO, dataset: EMPTY_DATASET }));
      await clearDraft().catch(() => undefined);
      router.push(`/finetunes/${encodeURIComponent(finetune.id)}`);
    } catch (e) {
      const message =
        e instanceof UploadError
          ? e.message
          : `Something went wrong before the upload: ${(e as Error).message}`;
      setSubmit({ phase: "error", message });
    }
  }, [buildZip, checks.blocked, commit, draft, files.forget, read, router]);

  /** Retrain: the finetune's settings and the very ZIP it was trained on, through the ZIP import path. */
  const loadRetrain = useCallback(
    async (id: string) => {
      const path = `/api/finetunes/${encodeURIComponent(id)}`;
      const { finetune } = await apiFetch(path, finetuneEnvelopeSchema);
      const res = await fetch(`${path}/dataset`);
      if (!res.ok) throw new Error(`its dataset is not available (the dashboard answered ${res.status}).`);
      const zip = await res.blob();
      await clearAll();
      commit((s) => ({ ...s, form: formFromFinetune(finetune) }));
      await files.addFiles([new File([zip], "dataset.zip", { type: "application/zip" })]);
    },
    [clearAll, commit, files.addFiles],
  );

  return {
    state,
    replaceForm,
    loadRetrain,
    loaded,
    saved: draft.saved,
    checks,
    urls: files.urls,
    progress: files.progress,
    reading: files.reading,
    submit,
    addFiles: files.addFiles,
    replaceImage: files.replace,
    setCaption,
    applyChanges,
    undo,
    fixCard,
    removeImages,
    redo,
    historyMessage,
    removeOrphan: (stem: string) => commit((s) => ({ ...s, dataset: removeOrphan(s.dataset, stem) })),
    dismissRejection: (id: string) => commit((s) => ({ ...s, dataset: dismissRejection(s.dataset, id) })),
    setForm,
    clearAll,
    prepareZip,
    submitFinetune,
    exportLocal,
  };
}

export type DatasetStudio = ReturnType<typeof useDatasetStudio>;
