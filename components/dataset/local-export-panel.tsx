"use client";

import Link from "next/link";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { describedBy, FIELD_INPUT, FormField } from "@/components/ui/field";
import { ProgressBar } from "@/components/ui/progress-bar";
import { localTrainingSteps } from "@/lib/dataset/local-export";
import {
  KLEIN_TRAINING_BASE_IDS,
  KLEIN_TRAINING_BASES,
  type KleinTrainingBase,
  LOCAL_STEPS,
  type LocalTrainingOptions,
} from "@/lib/dataset/local-export-config";
import { formatBytes } from "@/lib/dataset/resize";
import type { ExportPhase } from "./use-local-export";

/**
 * Live BFL no longer trains: the dataset leaves as a ZIP for ostris/ai-toolkit (or kohya) with a ready
 * FLUX.2 [klein] LoRA config, and the steps back to BFL's dashboard, the finetunes list and the playground.
 */
export function LocalExportPanel({
  name,
  triggerWord,
  mode,
  rank,
  canExport,
  blockedReason,
  phase,
  onExport,
}: {
  /** The LoRA name (already a valid BFL finetune name). */
  name: string;
  triggerWord: string;
  mode: LocalTrainingOptions["mode"];
  rank: number;
  canExport: boolean;
  blockedReason: string | null;
  phase: ExportPhase;
  onExport: (o: LocalTrainingOptions) => void;
}) {
  const [base, setBase] = useState<KleinTrainingBase>("klein-base-4b");
  const [steps, setSteps] = useState(String(LOCAL_STEPS.default));
  const stepsNum = Number(steps);
  const stepsError =
    Number.isInteger(stepsNum) && stepsNum >= LOCAL_STEPS.min && stepsNum <= LOCAL_STEPS.max
      ? undefined
      : `A whole number from ${LOCAL_STEPS.min} to ${LOCAL_STEPS.max}.`;
  const run = () => onExport({ name, triggerWord: triggerWord.trim(), mode, base, steps: stepsNum, rank });

  const steps4 = localTrainingSteps({ name, base });
  return (
    <div className="flex flex-col gap-3" data-testid="local-export">
      <h2 className="text-lg font-semibold">Export for local training</h2>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        A ZIP for <strong>ostris/ai-toolkit</strong> (kohya reads the same folder): every image with a
        same-name .txt caption, trigger word kept, and a ready config for a FLUX.2 [klein] LoRA named{" "}
        <code className="font-mono" data-testid="lora-name">
          {name}
        </code>
        .
      </p>
      <div className="grid gap-3">
        <FormField id="klein_base" label="Base model" hint={KLEIN_TRAINING_BASES[base].vram}>
          <select
            id="klein_base"
            aria-describedby={describedBy("klein_base")}
            className={FIELD_INPUT}
            value={base}
            onChange={(e) => setBase(e.target.value as KleinTrainingBase)}
            data-testid="field-klein_base"
          >
            {KLEIN_TRAINING_BASE_IDS.map((b) => (
              <option key={b} value={b}>
                {KLEIN_TRAINING_BASES[b].label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="local_steps" label="Steps" hint="1000 to 3000 suit most LoRAs." error={stepsError}>
          <input
            id="local_steps"
            type="number"
            inputMode="numeric"
            min={LOCAL_STEPS.min}
            max={LOCAL_STEPS.max}
            step={100}
            aria-invalid={stepsError ? true : undefined}
            aria-describedby={describedBy("local_steps", stepsError)}
            className={FIELD_INPUT}
            value={steps}
            onChange={(e) => setSteps(e.target.value)}
            data-testid="field-local_steps"
          />
        </FormField>
      </div>
      {phase.phase === "zipping" && (
        <ProgressBar showLabel label="Building the export" value={phase.progress} testId="export-progress" />
      )}
      {phase.phase === "error" && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="export-error">
          {phase.message} Your images, captions and settings are kept.
        </p>
      )}
      {blockedReason && (
        <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="export-blocked">
          {blockedReason}
        </p>
      )}
      <button
        type="button"
        className={buttonStyles.primary}
        disabled={!canExport || !!stepsError || phase.phase === "zipping"}
        onClick={run}
        data-testid="export-local"
      >
        {phase.phase === "zipping" ? "Building the export…" : "Export for local training"}
      </button>
      {phase.phase === "ready" && (
        <p className="text-sm" data-testid="export-ready" data-bytes={phase.bytes}>
          Export ready ({formatBytes(phase.bytes)}).{" "}
          <a
            href={phase.url}
            download={phase.fileName}
            className="font-medium text-brand-700 underline dark:text-brand-100"
            data-testid="export-download"
          >
            Download {phase.fileName}
          </a>
        </p>
      )}
      <div>
        <h3 className="text-sm font-semibold">Then</h3>
        <ol
          className="mt-1 list-decimal space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300"
          data-testid="export-steps"
        >
          <li>{steps4[0]}</li>
          <li>{steps4[1]}</li>
          <li>
            {steps4[2]}{" "}
            <Link
              href={`/finetunes?add_lora=${encodeURIComponent(name)}&base=${base}`}
              className="font-medium text-brand-700 underline dark:text-brand-100"
              data-testid="export-add-lora"
            >
              Add it now
            </Link>
          </li>
          <li>
            {steps4[3]}{" "}
            <Link href="/playground" className="font-medium text-brand-700 underline dark:text-brand-100">
              Playground
            </Link>
          </li>
        </ol>
      </div>
    </div>
  );
}
