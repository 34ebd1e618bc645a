"use client";

import { useEffect, useRef } from "react";
import type { Generation } from "@/lib/api/types";
import type { Run, Sweep } from "@/lib/playground/runs";
import { strengthLabel } from "@/lib/playground/sweep";
import { HistoryStrip } from "./history-strip";
import { ResultTile } from "./result-tile";

export function ResultsPanel({
  runs,
  sweeps,
  finetuneId,
  onUseSettings,
  onReuseSeed,
}: {
  runs: Run[];
  sweeps: Sweep[];
  finetuneId: string;
  onUseSettings: (run: Run, g: Generation | undefined) => void;
  onReuseSeed: (seed: number) => void;
}) {
  const [latest, ...earlier] = runs;
  const latestRef = useRef<HTMLElement>(null);
  const sweepRef = useRef<HTMLElement>(null);
  // A new result (or sweep) is brought into view: after Generate at the foot of a long form, or on a
  // phone where results sit below the form, it would otherwise appear off-screen.
  const newest = `${latest?.key ?? ""}|${sweeps[0]?.sweepId ?? ""}`;
  const seen = useRef(newest);
  useEffect(() => {
    if (seen.current === newest) return;
    const sweepIsNew = seen.current.split("|")[1] !== (sweeps[0]?.sweepId ?? "");
    seen.current = newest;
    const target = sweepIsNew ? sweepRef.current : latestRef.current;
    const calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target?.scrollIntoView({ behavior: calm ? "auto" : "smooth", block: "start" });
  }, [newest, sweeps]);
  return (
    <div className="space-y-6" aria-live="polite">
      {runs.length === 0 && sweeps.length === 0 && (
        <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-600 dark:text-zinc-400">
          Your images appear here. Press Generate or Ctrl+Enter (⌘+Enter on a Mac).
        </p>
      )}
      {latest && (
        <section
          aria-label="Latest result"
          data-testid="latest-result"
          ref={latestRef}
          className="scroll-mt-20"
        >
          <ResultTile run={latest} onUseSettings={onUseSettings} onReuseSeed={onReuseSeed} />
        </section>
      )}
      {sweeps.map((sw, i) => (
        <section
          key={sw.sweepId}
          ref={i === 0 ? sweepRef : undefined}
          className="scroll-mt-20"
          aria-label={`Sweep results, seed ${sw.settings.seed}`}
          data-testid="sweep-grid"
          data-sweep-id={sw.sweepId}
        >
          <h2 className="text-base font-semibold">Sweep · seed {sw.settings.seed}</h2>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            “{sw.settings.prompt || "no prompt"}” · {sw.costText}
          </p>
          <div className="mt-2 grid grid-cols-2 gap-2 md:grid-cols-3">
            {sw.runs.map((r) => (
              <ResultTile
                key={r.key}
                run={r}
                compact
                label={strengthLabel(r.settings.finetune_strength)}
                onUseSettings={onUseSettings}
              />
            ))}
          </div>
        </section>
      ))}
      {earlier.length > 0 && (
        <section aria-label="Earlier results this session">
          <h2 className="text-base font-semibold">Earlier this session</h2>
          <div className="mt-2 grid grid-cols-2 gap-2 md:grid-cols-3">
            {earlier.map((r) => (
              <ResultTile
                key={r.key}
                run={r}
                compact
                onUseSettings={onUseSettings}
                onReuseSeed={onReuseSeed}
              />
            ))}
          </div>
        </section>
      )}
      {finetuneId && <HistoryStrip finetuneId={finetuneId} exclude={runs} onUseSettings={onUseSettings} />}
    </div>
  );
}
