import "server-only";
import type { LoraFinetune } from "@/lib/api/types";
import { isKleinEndpoint } from "@/lib/bfl";
import { COMPARE_ENDPOINTS } from "@/lib/judge/compare";
import { defaultEvalSet, type EvalSet, type EvalSetInput, type EvalSubject } from "@/lib/judge/eval-set";
import { AppError, notFound } from "./errors";
import { getEvalSet, saveEvalSet } from "./eval-repo";
import { getFinetuneRow } from "./finetune-repo";
import { getLora } from "./finetunes-service";
import { checkLoraEndpoint } from "./loras-service";

/**
 * Whose eval set: a FLUX.1 finetune trained here (Ultra or Pro finetuned, run on Ready when opted in) or
 * a klein LoRA whose base model is known (its own `-finetuned` endpoint, Ready when added, run on demand).
 */
export interface EvalOwner extends EvalSubject {
  id: string;
  /** The finetune's mode for the default prompts; LoRAs have none ("general"). */
  mode: string;
  ready: boolean;
  lora: LoraFinetune | null;
}

export async function evalOwner(id: string): Promise<EvalOwner> {
  const row = await getFinetuneRow(id);
  if (row)
    return {
      id: row.id,
      kind: "flux1",
      mode: row.mode,
      trigger: row.trigger_word,
      ready: row.status === "Ready",
      endpoints: [...COMPARE_ENDPOINTS],
      lora: null,
    };
  const lora = await getLora(id);
  if (!lora)
    throw notFound("An eval set needs a finetune trained from this dashboard or a klein LoRA; this one");
  // Unknown base model: every klein endpoint is offered and only one works, so no set runs blind.
  if (lora.base_model === null)
    throw new AppError(
      "validation_failed",
      `An eval set needs the base model of the LoRA ${lora.id}: choose "Set its base model" on its card first.`,
    );
  return {
    id: lora.id,
    kind: "lora",
    mode: "general",
    trigger: lora.trigger_phrase,
    ready: true,
    endpoints: lora.endpoints,
    lora,
  };
}

/** The stored set, or the defaults (a LoRA's on its own klein endpoint). */
export async function ownerEvalSet(owner: EvalOwner): Promise<EvalSet> {
  const set = await getEvalSet(owner.id, owner.mode);
  const endpoint = owner.endpoints[0];
  if (set.stored || owner.kind === "flux1" || !endpoint || !isKleinEndpoint(endpoint)) return set;
  return { ...set, ...defaultEvalSet(owner.mode, endpoint) };
}

export async function evalSetResponse(
  owner: EvalOwner,
): Promise<{ eval_set: EvalSet; subject: EvalSubject }> {
  return {
    eval_set: await ownerEvalSet(owner),
    subject: { kind: owner.kind, endpoints: owner.endpoints, trigger: owner.trigger },
  };
}

/** Save after the checks the schema cannot make: the endpoint must serve this finetune or LoRA. */
export async function saveOwnerEvalSet(owner: EvalOwner, input: EvalSetInput): Promise<void> {
  if (owner.kind === "flux1" && isKleinEndpoint(input.endpoint))
    throw new AppError(
      "validation_failed",
      `endpoint: a FLUX.1 finetune's eval set runs on Ultra or Pro finetuned, not ${input.endpoint}.`,
    );
  if (owner.kind === "lora") {
    if (input.enabled)
      throw new AppError(
        "validation_failed",
        "enabled: a LoRA is Ready as soon as it is added, so its eval set runs on demand (Run now), never on Ready.",
      );
    if (owner.lora) checkLoraEndpoint(owner.lora, input.endpoint);
  }
  await saveEvalSet(owner.id, input);
}
