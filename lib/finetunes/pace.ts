import { z } from "zod";

/**
 * How fast training runs: a fixed setup time plus seconds per iteration by priority. The simulator states
 * its own pace exactly (`GET /_simulator/pace`); against live BFL the dashboard uses `PRIOR_PACE`, a
 * documented guess (docs/finetunes.md), and the page labels every figure derived from it an estimate.
 */
export const trainingPaceSchema = z.object({
  /** "simulator": the simulator said so; "prior": our assumption for BFL's trainer. */
  source: z.enum(["simulator", "prior"]),
  overhead_seconds: z.number().min(0),
  seconds_per_iteration: z.object({
    speed: z.number().positive(),
    quality: z.number().positive(),
    high_res_only: z.number().positive(),
  }),
});
export type TrainingPace = z.infer<typeof trainingPaceSchema>;

/** Our assumption for BFL: about 3 min of setup (queueing, captioning), then 3.5 / 5 / 7 s per step. */
export const PRIOR_PACE: TrainingPace = {
  source: "prior",
  overhead_seconds: 180,
  seconds_per_iteration: { speed: 3.5, quality: 5, high_res_only: 7 },
};

export const DEFAULT_ITERATIONS = 300;

/** Expected training time in ms of `iterations` steps at `priority` under `pace`. */
export function paceDurationMs(
  pace: TrainingPace,
  iterations: number | null,
  priority: string | null,
): number {
  const table = pace.seconds_per_iteration;
  const perIteration = priority && priority in table ? table[priority as keyof typeof table] : table.quality;
  return (pace.overhead_seconds + (iterations ?? DEFAULT_ITERATIONS) * perIteration) * 1000;
}
