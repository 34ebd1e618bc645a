import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { trainingPaceSchema } from "@/lib/finetunes/pace";
import { apiFetch } from "./fetcher";

export const accountKeys = {
  all: ["account"] as const,
  credits: () => [...accountKeys.all, "credits"] as const,
  pace: () => [...accountKeys.all, "pace"] as const,
};

const creditsSchema = z.object({ credits: z.number() });

/** The BFL credit balance; refreshed now and then (each generation and training spends some). */
export const CREDITS_REFRESH_MS = 30_000;

export function creditsOptions() {
  return queryOptions({
    queryKey: accountKeys.credits(),
    queryFn: () => apiFetch("/api/credits", creditsSchema).then((r) => r.credits),
    refetchInterval: CREDITS_REFRESH_MS,
  });
}

/** The training pace does not change while the server runs. */
export function trainingPaceOptions() {
  return queryOptions({
    queryKey: accountKeys.pace(),
    queryFn: () => apiFetch("/api/training-pace", trainingPaceSchema),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
