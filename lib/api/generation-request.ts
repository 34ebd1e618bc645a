import { z } from "zod";
import { IMAGE_FIELDS, INFERENCE_SCHEMAS, type InferenceEndpoint } from "@/lib/bfl";
import { finetuneIdSchema } from "@/lib/bfl/ids";
import { withinTextLimits } from "./text-limits";
import { createGenerationRequestSchema } from "./types";

/**
 * The body of `POST /api/generations` (and of the eval runner's generations), parsed in full before
 * the service sees it: text limits, then the common head, then the endpoint's own BFL schema.
 */

/** `data:image/png;base64,` prefixes are accepted from the browser and removed before BFL sees them. */
const DATA_URL = /^data:[\w.+-]+\/[\w.+-]+;base64,/;

export interface GenerationRequest {
  endpoint: InferenceEndpoint;
  finetune_id: string;
  sweep_id: string | null;
  /** The BFL request for `endpoint` (images as bare base64), without `endpoint` and `sweep_id`. */
  request: Record<string, unknown>;
}

export const generationRequestSchema = withinTextLimits
  .pipe(createGenerationRequestSchema.extend({ finetune_id: finetuneIdSchema }))
  .transform((head, ctx): GenerationRequest => {
    const { endpoint, sweep_id, ...rest } = head;
    const request: Record<string, unknown> = { ...rest };
    for (const f of IMAGE_FIELDS) {
      const v = request[f];
      if (typeof v === "string") request[f] = v.replace(DATA_URL, "");
    }
    const parsed = INFERENCE_SCHEMAS[endpoint].safeParse(request);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return { endpoint, finetune_id: head.finetune_id, sweep_id: sweep_id ?? null, request: parsed.data };
  });
