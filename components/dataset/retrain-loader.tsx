"use client";

import { useEffect, useRef, useState } from "react";

/**
 * `/new?retrain=<id>`: load that finetune's dataset and settings into the studio. A draft in progress is
 * never overwritten without asking.
 */
export function RetrainLoader({
  id,
  hasDraft,
  onLoad,
}: {
  id: string;
  hasDraft: boolean;
  onLoad: (id: string) => Promise<void>;
}) {
  const [state, setState] = useState<"ask" | "loading" | "done" | "kept" | { error: string }>(
    hasDraft ? "ask" : "loading",
  );
  const started = useRef(false);

  const load = () => {
    started.current = true;
    setState("loading");
    onLoad(id).then(
      () => setState("done"),
      (e: Error) => setState({ error: e.message }),
    );
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when there is no draft to protect
  useEffect(() => {
    if (!hasDraft && !started.current) load();
  }, []);

  const box = "rounded-lg border px-4 py-3 text-sm";
  if (state === "kept") return null;
  if (state === "ask") {
    return (
      <section
        aria-label="Retrain"
        className={`${box} border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100`}
        data-testid="retrain-ask"
      >
        <p>
          You have a draft in progress. Load the dataset and settings of the finetune to retrain instead? Your
          draft would be replaced.
        </p>
        <div className="mt-2 flex gap-2">
          <button
            type="button"
            className="rounded-md bg-brand-600 px-3 py-1.5 font-semibold text-white"
            onClick={load}
          >
            Replace my draft
          </button>
          <button
            type="button"
            className="rounded-md border border-current px-3 py-1.5 font-medium"
            onClick={() => setState("kept")}
          >
            Keep my draft
          </button>
        </div>
      </section>
    );
  }
  if (state === "loading")
    return <p className={`${box} border-zinc-200 dark:border-zinc-800`}>Loading the finetune's dataset…</p>;
  if (state === "done")
    return (
      <p
        className={`${box} border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100`}
        data-testid="retrain-loaded"
      >
        Loaded the dataset and settings to retrain. Edit them, then start training: this creates a new
        finetune.
      </p>
    );
  return (
    <p
      role="alert"
      className={`${box} border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200`}
    >
      Could not load the finetune to retrain: {state.error}
    </p>
  );
}
