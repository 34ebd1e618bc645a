"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Finetune } from "@/lib/api/types";
import { PRIOR_PACE } from "@/lib/finetunes/pace";
import {
  computeProgress,
  learnDurationModel,
  type ProgressView,
  progressMemory,
} from "@/lib/finetunes/progress";
import { trainingPaceOptions } from "@/lib/queries/account";
import { finetuneListOptions, isFinetuneUnfinished } from "@/lib/queries/finetunes";
import { useNow } from "./use-now";

const TICK_MS = 1_000;

/**
 * Progress of one finetune at the training pace the server states (the simulator's own, or the prior for
 * BFL), refined by the account's history (the shared list query) and never receding. Until the pace is
 * known nothing is estimated, so the first figure a person reads is already the right one.
 */
export function useFinetuneProgress(finetune: Finetune): ProgressView {
  const { data: all } = useQuery(finetuneListOptions());
  const pace = useQuery(trainingPaceOptions());
  const paceValue = pace.data ?? (pace.isError ? PRIOR_PACE : null);
  const model = useMemo(() => learnDurationModel(all ?? [], paceValue ?? PRIOR_PACE), [all, paceValue]);
  const now = useNow(isFinetuneUnfinished(finetune) ? TICK_MS : null);
  if (!paceValue && finetune.status === "Pending" && finetune.progress === null) {
    return {
      kind: "estimate",
      value: 0,
      etaMs: null,
      historyCount: 0,
      paceSource: "prior",
      expectedMs: null,
    };
  }
  return progressMemory.apply(finetune.id, computeProgress(finetune, model, now));
}
