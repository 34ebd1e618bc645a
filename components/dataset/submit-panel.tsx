"use client";

import { ProgressBar } from "@/components/ui/progress-bar";
import { creditsToUsd, trainingCost } from "@/lib/bfl";
import { formatBytes } from "@/lib/dataset/resize";
import type { SubmitPhase } from "./use-dataset-submit";

const BTN =
  "rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Cost, the ZIP and the upload: "Prepare ZIP" builds it without submitting (benchmarks, downloads). */
export function SubmitPanel({
  iterations,
  canZip,
  canSubmit,
  blockedReason,
  phase,
  onPrepare,
  onSubmit,
}: {
  iterations: number;
  canZip: boolean;
  canSubmit: boolean;
  blockedReason: string | null;
  phase: SubmitPhase;
  onPrepare: () => void;
  onSubmit: () => void;
}) {
  const credits = Number.isFinite(iterations) ? trainingCost(iterations) : null;
  const busy = phase.phase === "zipping" || phase.phase === "uploading";
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm" data-testid="cost">
        Training cost:{" "}
        <strong>{credits === null ? "—" : `${credits} credits (${creditsToUsd(credits)})`}</strong>
        <span className="block text-xs text-zinc-600 dark:text-zinc-400">
          BFL: under 150 steps 200 credits, 150 to 500 steps 400, over 500 steps 600.
        </span>
      </p>
      {phase.phase === "zipping" && (
        <ProgressBar showLabel label="Building the ZIP" value={phase.progress} testId="zip-progress" />
      )}
      {phase.phase === "uploading" && (
        <ProgressBar showLabel label="Uploading" value={phase.progress} testId="upload-progress" />
      )}
      {phase.phase === "zipped" && (
        <p className="text-sm" data-testid="zip-ready" data-bytes={phase.bytes}>
          ZIP ready ({formatBytes(phase.bytes)}).{" "}
          <a
            href={phase.url}
            download="dataset.zip"
            className="font-medium text-brand-700 underline dark:text-brand-100"
          >
            Download ZIP
          </a>
        </p>
      )}
      {phase.phase === "error" && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          data-testid="submit-error"
        >
          {phase.message} Your images, captions and settings are kept.
        </p>
      )}
      {blockedReason && (
        <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="blocked-reason">
          {blockedReason}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={BTN}
          disabled={!canZip || busy}
          onClick={onPrepare}
          data-testid="prepare-zip"
        >
          Prepare ZIP
        </button>
        <button
          type="button"
          disabled={!canSubmit || busy}
          onClick={onSubmit}
          data-testid="submit"
          className="flex-1 rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {phase.phase === "uploading"
            ? "Uploading…"
            : phase.phase === "zipping"
              ? "Building ZIP…"
              : "Start training"}
        </button>
      </div>
    </div>
  );
}
