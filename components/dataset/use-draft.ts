"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { type DraftSnapshot, saveSnapshot } from "@/lib/dataset/draft-store";
import { defaultForm, type TrainingForm } from "@/lib/dataset/form";
import { EMPTY_HISTORY, type History } from "@/lib/dataset/history";
import { type DatasetState, EMPTY_DATASET } from "@/lib/dataset/types";

export interface StudioState {
  dataset: DatasetState;
  form: TrainingForm;
  /** Undo/redo for this page's session only: not saved with the draft (see lib/dataset/history). */
  history: History;
}

export const INITIAL_STUDIO: StudioState = {
  dataset: EMPTY_DATASET,
  form: defaultForm(),
  history: EMPTY_HISTORY,
};

/** Debounce for writing the draft; every change (each keystroke) is saved within this delay. */
const SAVE_DELAY_MS = 200;

/**
 * The studio's state with synchronous reads (`read()`), so handlers running after awaits see the latest
 * state, and a debounced IndexedDB write of every change, flushed when the page hides.
 */
export function useDraftState() {
  const [state, setState] = useState<StudioState>(INITIAL_STUDIO);
  const ref = useRef(state);
  const [saved, setSaved] = useState<"idle" | "saving" | "saved" | "error">("idle");
  const persist = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!persist.current) return Promise.resolve();
    const { dataset, form } = ref.current;
    const snap: DraftSnapshot = { dataset, form, savedAt: Date.now() };
    return saveSnapshot(snap).then(
      () => setSaved("saved"),
      () => setSaved("error"),
    );
  }, []);

  const commit = useCallback(
    (fn: (s: StudioState) => StudioState) => {
      const next = fn(ref.current);
      ref.current = next;
      setState(next);
      if (persist.current) {
        setSaved("saving");
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
      }
      return next;
    },
    [flush],
  );

  /** Start saving (after the stored draft has been restored, so it is not overwritten by the empty one). */
  const enablePersistence = useCallback(() => {
    persist.current = true;
  }, []);

  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onHide);
    };
  }, [flush]);

  return { state, read: () => ref.current, commit, saved, flush, enablePersistence };
}
