import { z } from "zod";
import { type SweepCost, sweepCost } from "@/lib/playground/sweep";
import { COMPARE_ENDPOINTS, type CompareCell, type CompareEndpoint } from "./compare";
import { fillTrigger } from "./prompts";

/**
 * Eval sets: a few prompt templates, strengths, a seed and an endpoint per finetune, run once when it
 * becomes Ready if the person opted in. Defaults per mode follow the guide's prompting tips: the trigger
 * first for products, characters and general finetunes, "in the style of <trigger>" last for styles.
 */

export const MAX_EVAL_PROMPTS = 6;
export const MAX_EVAL_STRENGTHS = 4;

export const evalSetInputSchema = z.strictObject({
  enabled: z.boolean(),
  endpoint: z.enum(COMPARE_ENDPOINTS, { message: "must be Ultra or Pro finetuned (no input image needed)" }),
  prompts: z
    .array(z.string().trim().min(1, { message: "a prompt is empty" }).max(1_000))
    .min(1, { message: "add at least one prompt" })
    .max(MAX_EVAL_PROMPTS, { message: `at most ${MAX_EVAL_PROMPTS} prompts` }),
  strengths: z
    .array(z.number().min(0).max(2))
    .min(1, { message: "add at least one strength" })
    .max(MAX_EVAL_STRENGTHS, { message: `at most ${MAX_EVAL_STRENGTHS} strengths` }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});
export type EvalSetInput = z.infer<typeof evalSetInputSchema>;

export const evalSetSchema = evalSetInputSchema.extend({
  finetune_id: z.string(),
  /** false: nothing saved yet; these are the defaults for the finetune's mode. */
  stored: z.boolean(),
  last_run_id: z.string().nullable(),
  last_run_at: z.string().nullable(),
});
export type EvalSet = z.infer<typeof evalSetSchema>;
export const evalSetEnvelopeSchema = z.object({ eval_set: evalSetSchema });

const DEFAULT_PROMPTS: Record<string, string[]> = {
  product: [
    "[trigger], a product photo on a plain white background, soft studio light",
    "[trigger] on a wooden table in a sunlit kitchen",
    "[trigger], close-up detail shot, shallow depth of field",
  ],
  character: [
    "[trigger], a portrait photo, natural light",
    "[trigger] walking down a city street at night, neon reflections",
    "[trigger] sitting in a cafe, reading a book",
  ],
  style: [
    "a lighthouse on a rocky cliff at sunset, in the style of [trigger]",
    "a busy market street, in the style of [trigger]",
    "a portrait of an old fisherman, in the style of [trigger]",
  ],
  general: [
    "[trigger], a photo in natural light",
    "[trigger] in a snowy mountain landscape",
    "[trigger], studio photo on a dark background",
  ],
};

export const DEFAULT_EVAL_STRENGTHS = [0, 1, 1.2];
export const DEFAULT_EVAL_SEED = 42;

export function defaultEvalSet(mode: string): EvalSetInput {
  return {
    enabled: false,
    endpoint: "flux-pro-1.1-ultra-finetuned",
    prompts: DEFAULT_PROMPTS[mode] ?? DEFAULT_PROMPTS.general ?? [],
    strengths: DEFAULT_EVAL_STRENGTHS,
    seed: DEFAULT_EVAL_SEED,
  };
}

export function evalCost(set: Pick<EvalSetInput, "endpoint" | "prompts" | "strengths">): SweepCost {
  return sweepCost(set.endpoint as CompareEndpoint, set.prompts.length * set.strengths.length);
}

/** The images of one run: per prompt (a row), one per strength, the trigger filled in. */
export function evalCells(finetuneId: string, trigger: string, set: EvalSetInput): CompareCell[] {
  return set.prompts.flatMap((p) =>
    set.strengths.map((s) => ({
      finetune_id: finetuneId,
      finetune_strength: s,
      prompt: fillTrigger(p, trigger),
    })),
  );
}
