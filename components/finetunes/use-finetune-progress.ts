"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Finetune } from "@/lib/api/types";
import {
  computeProgress,
  learnDurationModel,
  type ProgressView,
  progressMemory,
} from "@/lib/finetunes/progress";
import { finetuneListOptions, isFinetuneUnfinished } from "@/lib/queries/finetunes";
import { useNow } from "./use-now";

const TICK_MS = 1_000;

/** Progress of one finetune, refined by the account's history (the shared list query) and never receding. */
export function useFinetuneProgress(finetune: Finetune): ProgressView {
  const { data: all } = useQuery(finetuneListOptions());
  const model = useMemo(() => learnDurationModel(all ?? []), [all]);
  const now = useNow(isFinetuneUnfinished(finetune) ? TICK_MS : null);
  return progressMemory.apply(finetune.id, computeProgress(finetune, model, now));
}
