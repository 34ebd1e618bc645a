import path from "node:path";
import { z } from "zod";
import { type Region, regionSchema } from "../bfl/regions";
import { WEBHOOK_SHAPES, type WebhookShape } from "../bfl/webhook";
import { simulatorAddressEnv, withoutEmpty } from "../env/shared";
import { DEFAULT_LORAS, parseLoras, type SeededLora } from "./loras";

export const SIMULATOR_PROFILES = ["beta", "live"] as const;
export type SimulatorProfile = (typeof SIMULATOR_PROFILES)[number];

/**
 * Simulator settings from the environment, validated once at start; a bad value stops the process. An
 * empty variable counts as unset, and the address is defined once for both processes (lib/env/shared.ts).
 */

const num = (min: number, max: number, def: number) => z.coerce.number().min(min).max(max).default(def);

const envSchema = z.object({
  ...simulatorAddressEnv,
  SIMULATOR_REGION: regionSchema.default("us1"),
  SIMULATOR_TRAINING_SECONDS: num(0, 7 * 24 * 3600, 40),
  SIMULATOR_INFERENCE_SECONDS: num(0, 24 * 3600, 3),
  SIMULATOR_RESULT_TTL_SECONDS: num(1, 30 * 24 * 3600, 600),
  SIMULATOR_CREDITS: num(0, 1e12, 1_000_000),
  SIMULATOR_DATA_DIR: z.string().min(1).default("./data/simulator"),
  SIMULATOR_PROFILE: z
    .enum(SIMULATOR_PROFILES, {
      message: 'must be "beta" (the 2024-2025 finetuning beta) or "live" (BFL as it answers today)',
    })
    .default("beta"),
  SIMULATOR_POLL_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SIMULATOR_GENERATING_MS: num(0, 24 * 3600 * 1000, 1000),
  SIMULATOR_ERROR_SHARE: num(0, 1, 0),
  SIMULATOR_LORAS: z.string().default(DEFAULT_LORAS),
  SIMULATOR_LORA_DETAILS: z
    .enum(["404", "partial"], { message: 'must be "404" or "partial"' })
    .default("404"),
  SIMULATOR_MY_FINETUNES: z
    .enum(["strings", "mixed"], { message: 'must be "strings" or "mixed"' })
    .default("strings"),
  SIMULATOR_REPORT_PROGRESS: z
    .enum(["0", "1", "true", "false"], { message: 'must be "1" (report a number) or "0" (null, like BFL)' })
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  SIMULATOR_WEBHOOK_SHAPE: z
    .enum(["alternate", ...WEBHOOK_SHAPES], {
      message:
        'must be "alternate" (default), "signed" ({id, status} + X-BFL-Signature) or "legacy" ({task_id, status: SUCCESS} + X-Webhook-Secret)',
    })
    .default("alternate"),
});

export interface SimulatorConfig {
  port: number;
  host: string;
  apiKey: string;
  region: Region;
  /** A 300-iteration `quality` finetune takes this long. */
  trainingSeconds: number;
  inferenceSeconds: number;
  resultTtlSeconds: number;
  startingCredits: number;
  dataDir: string;
  reportProgress: boolean;
  /** Which webhook body shape to send; `alternate` switches on every webhook. */
  webhookShape: WebhookShape | "alternate";
  /** `beta`: the 2024-2025 finetuning beta; `live`: BFL as it answers today (docs/simulator.md). */
  profile: SimulatorProfile;
  /** live: port of the second listener (the regional cluster `polling_url` points at); 0 = any free port. */
  pollPort: number;
  /** live: how long a task shows `Generating` after its `Pending` time. */
  generatingMs: number;
  /** Share (0..1) of inference tasks that end as an Error answered with HTTP 503 or 422. */
  errorShare: number;
  /** live: the account's uploaded LoRAs. */
  loras: SeededLora[];
  /** live: `finetune_details` of a LoRA answers 404 or a partial object. */
  loraDetails: "404" | "partial";
  /** live: `my_finetunes` lists LoRAs as strings, or as objects mixed with the FLUX.1 ids. */
  myFinetunesShape: "strings" | "mixed";
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid simulator environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  let loras: SeededLora[];
  try {
    loras = parseLoras(e.SIMULATOR_LORAS);
  } catch (err) {
    throw new ConfigError(`Invalid simulator environment:\n  SIMULATOR_LORAS: ${(err as Error).message}`);
  }
  return {
    port: e.SIMULATOR_PORT,
    host: e.SIMULATOR_HOST,
    apiKey: e.SIMULATOR_API_KEY,
    region: e.SIMULATOR_REGION,
    trainingSeconds: e.SIMULATOR_TRAINING_SECONDS,
    inferenceSeconds: e.SIMULATOR_INFERENCE_SECONDS,
    resultTtlSeconds: e.SIMULATOR_RESULT_TTL_SECONDS,
    startingCredits: e.SIMULATOR_CREDITS,
    dataDir: path.resolve(e.SIMULATOR_DATA_DIR),
    reportProgress: e.SIMULATOR_REPORT_PROGRESS,
    webhookShape: e.SIMULATOR_WEBHOOK_SHAPE,
    profile: e.SIMULATOR_PROFILE,
    pollPort: e.SIMULATOR_POLL_PORT,
    generatingMs: e.SIMULATOR_GENERATING_MS,
    errorShare: e.SIMULATOR_ERROR_SHARE,
    loras,
    loraDetails: e.SIMULATOR_LORA_DETAILS,
    myFinetunesShape: e.SIMULATOR_MY_FINETUNES,
  };
}

/** Training speed per priority: `speed` is faster per step, `high_res_only` slower (documented guesses). */
export const PRIORITY_FACTOR = { speed: 0.6, quality: 1, high_res_only: 1.5 } as const;

export function trainingDurationMs(
  cfg: Pick<SimulatorConfig, "trainingSeconds">,
  iterations: number,
  priority: keyof typeof PRIORITY_FACTOR,
): number {
  return Math.round(cfg.trainingSeconds * 1000 * (iterations / 300) * PRIORITY_FACTOR[priority]);
}
