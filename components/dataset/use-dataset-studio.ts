"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Finetune } from "@/lib/api/types";
import type { CaptionChange } from "@/lib/dataset/bulk-ops";
import { insertTrigger } from "@/lib/dataset/captions";
import { type CardFix, checkDataset } from "@/lib/dataset/checks";
import { clearDraft, loadDraft } from "@/lib/dataset/draft-store";
import { defaultForm, formFromFinetune, type TrainingForm, updateForm } from "@/lib/dataset/form";
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
import { dismissRejection, markFailed, removeOrphan, setCaptions } from "@/lib/dataset/pairing";
import type { DatasetState } from "@/lib/dataset/types";
import { fetchRetrainSource } from "@/lib/queries/finetunes";
import { INITIAL_STUDIO, useDraftState } from "./use-draft";
import { useImageFiles } from "./use-image-files";

/** Everything the dataset studio page does, as state plus actions for small components. */
export function useDatasetStudio() {
  const router = useRouter();
  const draft = useDraftState();
  const { state, commit, read } = draft;
  const files = useImageFiles(commit);
  const [loaded, setLoaded] = useState(false);
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
  }, [commit, files.forget, read]);

  /** After a successful upload: the draft is done; its files go and the new finetune's page opens. */
  const finishSubmitted = useCallback(
    async (finetune: Finetune) => {
      await clearAll();
      router.push(`/finetunes/${encodeURIComponent(finetune.id)}`);
    },
    [clearAll, router],
  );

  /** Retrain: the finetune's settings and the very ZIP it was trained on, through the ZIP import path. */
  const loadRetrain = useCallback(
    async (id: string) => {
      const { finetune, zip } = await fetchRetrainSource(id);
      await clearAll();
      commit((s) => ({ ...s, form: formFromFinetune(finetune) }));
      await files.addFiles([new File([zip], "dataset.zip", { type: "application/zip" })]);
    },
    [clearAll, commit, files.addFiles],
  );

  return {
    state,
    read,
    loaded,
    saved: draft.saved,
    flush: draft.flush,
    checks,
    files: {
      urls: files.urls,
      progress: files.progress,
      reading: files.reading,
      add: files.addFiles,
      replace: files.replace,
      zipPlan: files.zipPlan,
    },
    edit: {
      setCaption,
      applyChanges,
      fixCard,
      removeImages,
      undo,
      redo,
      historyMessage,
      removeOrphan: (stem: string) => commit((s) => ({ ...s, dataset: removeOrphan(s.dataset, stem) })),
      dismissRejection: (id: string) => commit((s) => ({ ...s, dataset: dismissRejection(s.dataset, id) })),
      setForm,
      replaceForm,
    },
    clearAll,
    loadRetrain,
    finishSubmitted,
  };
}
