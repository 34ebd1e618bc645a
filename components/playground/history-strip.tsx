"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import type { Generation } from "@/lib/api/types";
import { ENDPOINT_INFO } from "@/lib/bfl";
import type { Run } from "@/lib/playground/runs";
import { settingsFromGeneration } from "@/lib/playground/settings";
import { generationListOptions } from "@/lib/queries/generations";

const SHOWN = 8;

/** Earlier images of this finetune (kept by the dashboard), each with "Use these settings". */
export function HistoryStrip({
  finetuneId,
  exclude,
  onUseSettings,
}: {
  finetuneId: string;
  exclude: Run[];
  onUseSettings: (run: Run, g: Generation | undefined) => void;
}) {
  const { data } = useQuery(generationListOptions({ finetune_id: finetuneId }));
  const skip = new Set(exclude.map((r) => r.generationId));
  const items = (data ?? [])
    .filter((g) => g.status === "Ready" && g.thumbnail_url && !skip.has(g.id))
    .slice(0, SHOWN);
  if (items.length === 0) return null;
  return (
    <section aria-label="Earlier images of this finetune" data-testid="history">
      <div className="flex items-baseline justify-between">
        <h2 className="text-base font-semibold">Earlier images of this finetune</h2>
        <Link href={`/gallery?finetune=${encodeURIComponent(finetuneId)}`} className="text-sm underline">
          All in the gallery
        </Link>
      </div>
      <ul className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
        {items.map((g) => (
          <li
            key={g.id}
            className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-700"
            data-testid="history-item"
          >
            {/* biome-ignore lint/performance/noImgElement: thumbnails served by our API */}
            <img
              src={g.thumbnail_url ?? undefined}
              alt={`“${g.prompt || "no prompt"}” at strength ${g.finetune_strength}`}
              loading="lazy"
              className="aspect-square w-full object-cover"
            />
            <p className="px-1.5 pt-1 text-xs text-zinc-700 dark:text-zinc-300">
              {ENDPOINT_INFO[g.endpoint].short} · {g.finetune_strength} · seed {g.seed ?? "?"}
            </p>
            <button
              type="button"
              className={`${buttonStyles.ghost} w-full text-xs`}
              onClick={() =>
                onUseSettings(
                  { key: g.id, settings: settingsFromGeneration(g), generationId: g.id, problem: null },
                  g,
                )
              }
            >
              Use these settings
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
