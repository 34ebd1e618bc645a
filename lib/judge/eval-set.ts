import { z } from "zod";
import { type InferenceEndpoint, inferenceEndpointSchema, KLEIN_ENDPOINTS } from "@/lib/bfl";
import { type SweepCost, sweepCost } from "@/lib/playground/sweep";
import { COMPARE_ENDPOINTS, type CompareCell } from "./compare";
import { fillTrigger } from "./prompts";

/**
 * Eval sets: a few prompt templates, strengths, a seed and an endpoint per FLUX.1 finetune or klein LoRA;
 * a FLUX.1 finetune's set runs once when it becomes Ready if the person opted in, a LoRA's (Ready when
 * added) on demand. Defaults per mode follow the guide's prompting tips: the trigger
 * first for products, characters and general finetunes, "in the style of <trigger>" last for styles.
 */

export const MAX_EVAL_PROMPTS = 6;
export const MAX_EVAL_STRENGTHS = 4;

/** FLUX.1 finetunes: Ultra or Pro finetuned; klein LoRAs: the klein endpoint that serves the LoRA. */
export const EVAL_ENDPOINTS = [...COMPARE_ENDPOINTS, ...KLEIN_ENDPOINTS] as const;

export function isEvalEndpoint(e: string): e is (typeof EVAL_ENDPOINTS)[number] {
  return (EVAL_ENDPOINTS as readonly string[]).includes(e);
}

export const evalSetInputSchema = z.strictObject({
  enabled: z.boolean(),
  endpoint: z.enum(EVAL_ENDPOINTS, {
    message: "must be Ultra or Pro finetuned (no input image needed), or a klein LoRA's -finetuned endpoint",
  }),
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

/** What the set belongs to: the endpoints it may use and the phrase `[trigger]` becomes. */
export const evalSubjectSchema = z.object({
  kind: z.enum(["flux1", "lora"]),
  endpoints: z.array(inferenceEndpointSchema),
  trigger: z.string().nullable(),
});
export type EvalSubject = z.infer<typeof evalSubjectSchema>;
export const evalSetEnvelopeSchema = z.object({ eval_set: evalSetSchema, subject: evalSubjectSchema });

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

/** `endpoint`: a klein LoRA's own endpoint (its defaults are the general ones). */
export function defaultEvalSet(
  mode: string,
  endpoint: EvalSetInput["endpoint"] = COMPARE_ENDPOINTS[0],
): EvalSetInput {
  return {
    enabled: false,
    endpoint,
    prompts: DEFAULT_PROMPTS[mode] ?? DEFAULT_PROMPTS.general ?? [],
    strengths: DEFAULT_EVAL_STRENGTHS,
    seed: DEFAULT_EVAL_SEED,
  };
}

export function evalCost(set: Pick<EvalSetInput, "endpoint" | "prompts" | "strengths">): SweepCost {
  return sweepCost(set.endpoint satisfies InferenceEndpoint, set.prompts.length * set.strengths.length);
}

/** The images of one run: per prompt (a row), one per strength, the trigger filled in. */
export function evalCells(finetuneId: string, trigger: string | null, set: EvalSetInput): CompareCell[] {
  return set.prompts.flatMap((p) =>
    set.strengths.map((s) => ({
      finetune_id: finetuneId,
      finetune_strength: s,
      prompt: fillTrigger(p, trigger),
    })),
  );
}
