"use client";

import { PlaygroundForm } from "./playground-form";
import { ResultsPanel } from "./results-panel";
import { UnusableFinetuneNotice } from "./unusable-finetune-notice";
import { usePlayground } from "./use-playground";

export function Playground({ initialFinetuneId, fromId }: { initialFinetuneId?: string; fromId?: string }) {
  const p = usePlayground({ initialFinetuneId, fromId });
  return (
    <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,28rem)_minmax(0,1fr)]">
      <div>
        {p.finetunesQuery.isPending ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading finetunes…</p>
        ) : p.finetunesQuery.isError ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            The finetunes could not be loaded: {p.finetunesQuery.error.message}
          </p>
        ) : null}
        <UnusableFinetuneNotice
          finetunes={p.finetunesQuery.data?.finetunes}
          loraIds={p.finetunesQuery.data?.loras.map((l) => l.id) ?? []}
          requestedId={initialFinetuneId}
        />
        {p.notice && (
          <p
            role="status"
            className="mb-3 rounded-md border border-sky-300 bg-sky-50 p-2 text-sm text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100"
            data-testid="notice"
          >
            {p.notice}
          </p>
        )}
        <PlaygroundForm
          view={{
            settings: p.settings,
            images: p.images,
            ready: p.ready,
            finetune: p.finetune,
            endpoints: p.endpoints,
            live: p.live,
            upstreamError: p.upstreamError,
            problems: p.problems,
          }}
          actions={{
            update: p.update,
            setParam: p.setParam,
            setEndpoint: p.setEndpoint,
            setImage: p.setImage,
            generate: p.generate,
            runSweep: p.runSweep,
          }}
        />
      </div>
      <ResultsPanel
        runs={p.runs}
        sweeps={p.sweeps}
        finetuneId={p.settings.finetune_id}
        onUseSettings={p.applySettingsOf}
        onReuseSeed={p.reuseSeed}
      />
    </div>
  );
}
