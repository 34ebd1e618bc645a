"use client";

import { useCallback, useEffect, useState } from "react";
import { localExportFileName, planLocalExport } from "@/lib/dataset/local-export";
import type { LocalTrainingOptions } from "@/lib/dataset/local-export-config";
import type { DatasetItem } from "@/lib/dataset/types";
import type { ZipPlanEntry } from "@/lib/dataset/zip-plan";

export type ExportPhase =
  | { phase: "idle" }
  | { phase: "zipping"; progress: number }
  | { phase: "ready"; url: string; bytes: number; fileName: string }
  | { phase: "error"; message: string };

/**
 * "Export for local training": the dataset, an ai-toolkit config and the steps, zipped in the worker as
 * one download. The download's object URL lives until the next export or the page closes.
 */
export function useLocalExport(
  items: () => readonly DatasetItem[],
  zipPlan: (plan: readonly ZipPlanEntry[], onProgress: (p: number) => void) => Promise<Blob>,
) {
  const [phase, setPhase] = useState<ExportPhase>({ phase: "idle" });
  const readyUrl = phase.phase === "ready" ? phase.url : null;
  useEffect(() => () => void (readyUrl && URL.revokeObjectURL(readyUrl)), [readyUrl]);

  const start = useCallback(
    async (options: LocalTrainingOptions) => {
      setPhase({ phase: "zipping", progress: 0 });
      try {
        const zip = await zipPlan(planLocalExport(items(), options), (p) =>
          setPhase({ phase: "zipping", progress: p }),
        );
        setPhase({
          phase: "ready",
          url: URL.createObjectURL(zip),
          bytes: zip.size,
          fileName: localExportFileName(options.name),
        });
      } catch (e) {
        setPhase({ phase: "error", message: (e as Error).message });
      }
    },
    [items, zipPlan],
  );

  return { phase, start };
}
