"use client";

import { useQuery } from "@tanstack/react-query";
import { buttonStyles } from "@/components/ui/button-styles";
import type { Generation } from "@/lib/api/types";
import { ENDPOINT_INFO } from "@/lib/bfl";
import type { Run } from "@/lib/playground/runs";
import { generationDetailOptions } from "@/lib/queries/generations";
import { PendingView, ProblemView, problemOf } from "./status-view";

export function downloadName(
  g: Pick<Generation, "id" | "output_format" | "finetune_strength" | "seed">,
): string {
  const ext = g.output_format === "png" ? "png" : "jpg";
  return `flux-${g.id.slice(0, 8)}-s${g.finetune_strength}-seed${g.seed ?? "random"}.${ext}`;
}

/** One result in place: progress, then the image (or the reason there is none), seed and actions. */
export function ResultTile({
  run,
  label,
  compact = false,
  onUseSettings,
  onReuseSeed,
}: {
  run: Run;
  label?: string;
  compact?: boolean;
  onUseSettings: (run: Run, g: Generation | undefined) => void;
  onReuseSeed?: (seed: number) => void;
}) {
  const { data: g } = useQuery({
    ...generationDetailOptions(run.generationId ?? ""),
    enabled: run.generationId !== null,
  });
  const problem = run.problem ?? (g ? problemOf(g) : null);
  const seed = g?.seed ?? run.settings.seed;
  const strength = g?.finetune_strength ?? run.settings.finetune_strength;
  const ready = g?.status === "Ready" && g.image_url;
  const btn = (variant: "secondary" | "ghost") =>
    compact
      ? buttonStyles[variant].replace("px-3 py-1.5 text-sm", "px-2 py-1 text-xs")
      : buttonStyles[variant];
  return (
    <article
      className="flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-700 dark:bg-zinc-900"
      data-testid="result-tile"
      data-status={problem ? "problem" : (g?.status ?? "Submitting")}
      data-strength={strength}
      data-generation-id={run.generationId ?? ""}
      aria-label={label ?? `Result at strength ${strength}`}
    >
      {label && (
        <h3
          className="flex min-h-10 items-center border-b border-zinc-200 px-2 py-1 text-sm font-semibold leading-tight dark:border-zinc-700"
          data-testid="tile-label"
        >
          {label}
        </h3>
      )}
      <div className={`relative bg-zinc-100 dark:bg-zinc-800 ${compact || problem ? "" : "min-h-48"}`}>
        {problem ? (
          <ProblemView problem={problem} />
        ) : ready ? (
          <a
            href={g.image_url ?? undefined}
            target="_blank"
            rel="noreferrer"
            aria-label="Open the full-size image"
          >
            {/* biome-ignore lint/performance/noImgElement: stored images are served by our API with caching */}
            <img
              src={g.image_url ?? undefined}
              alt={`Result for “${g.prompt || "no prompt"}” at strength ${g.finetune_strength}`}
              width={g.width ?? undefined}
              height={g.height ?? undefined}
              className="block h-auto w-full"
              data-testid="result-image"
            />
          </a>
        ) : (
          <PendingView status={g?.status ?? "Submitting"} />
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-2 py-1.5 text-xs text-zinc-700 dark:text-zinc-300">
        {!compact && <span>{ENDPOINT_INFO[run.settings.endpoint].short}</span>}
        {!compact && <span>strength {strength}</span>}
        <span data-testid="tile-seed">seed {seed ?? "random"}</span>
      </div>
      <div className="flex flex-wrap gap-1.5 px-2 pb-2">
        {ready && (
          <a
            href={g.image_url ?? undefined}
            download={downloadName(g)}
            className={btn("secondary")}
            data-testid="download"
          >
            Download
          </a>
        )}
        <button
          type="button"
          className={btn("secondary")}
          onClick={() => onUseSettings(run, g)}
          data-testid="use-settings"
        >
          Use these settings
        </button>
        {onReuseSeed && seed !== null && (
          <button
            type="button"
            className={btn("ghost")}
            onClick={() => onReuseSeed(seed)}
            data-testid="reuse-seed"
          >
            Same seed
          </button>
        )}
      </div>
    </article>
  );
}
