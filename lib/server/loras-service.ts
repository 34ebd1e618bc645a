import "server-only";
import type { z } from "zod";
import type { addLoraRequestSchema, LoraFinetune } from "@/lib/api/types";
import {
  ENDPOINT_INFO,
  type InferenceEndpoint,
  KLEIN_BASE_MODEL_LABEL,
  kleinEndpointFor,
  kleinPrecisionsFor,
} from "@/lib/bfl";
import { loraCard } from "./bfl-finetunes";
import { invalidate } from "./cache";
import { AppError, notFound } from "./errors";
import { deleteLoraRow, getLoraRow, insertLora, type LoraRow, listLoraRows } from "./lora-repo";

/**
 * FLUX.2 [klein] LoRAs added by name. BFL's API cannot upload a LoRA: it is uploaded in BFL's
 * dashboard (Customization > Finetunes), and added here with the base model and precision chosen
 * there so the playground offers the one endpoint that serves it.
 */

export async function rowToLora(row: LoraRow): Promise<LoraFinetune> {
  return loraCard(row.id, {
    base_model: row.base_model,
    precision: row.precision,
    trigger_phrase: row.trigger_phrase,
    source: "added",
    created_at: row.created_at,
  });
}

export async function addedLoras(): Promise<LoraFinetune[]> {
  return Promise.all((await listLoraRows()).map(rowToLora));
}

export async function addedLora(id: string): Promise<LoraFinetune | null> {
  const row = await getLoraRow(id);
  return row ? rowToLora(row) : null;
}

/** Add a LoRA uploaded in BFL's dashboard (the body parsed by `addLoraRequestSchema`). */
export async function addLora(req: z.output<typeof addLoraRequestSchema>): Promise<LoraFinetune> {
  if (!kleinEndpointFor(req.base_model, req.precision)) {
    const allowed = kleinPrecisionsFor(req.base_model).join(" or ");
    throw new AppError(
      "validation_failed",
      `precision: BFL has no endpoint for ${KLEIN_BASE_MODEL_LABEL[req.base_model]} in ${req.precision.toUpperCase()}; choose ${allowed}.`,
    );
  }
  const added = await insertLora({
    id: req.id,
    base_model: req.base_model,
    precision: req.precision,
    trigger_phrase: req.trigger_phrase ?? null,
  });
  if (!added) throw new AppError("already_exists", `The LoRA ${req.id} is already added.`);
  invalidate("bfl:list");
  return (await addedLora(req.id)) as LoraFinetune;
}

/** Forget a LoRA added here (it stays at BFL; delete it there in BFL's dashboard). */
export async function removeLora(id: string): Promise<void> {
  if (!(await deleteLoraRow(id))) throw notFound("This LoRA");
}

/** Refuse an endpoint that cannot serve this LoRA, naming the one that can. */
export function checkLoraEndpoint(lora: LoraFinetune, endpoint: InferenceEndpoint): void {
  if (lora.endpoints.includes(endpoint)) return;
  const base = lora.base_model ? KLEIN_BASE_MODEL_LABEL[lora.base_model] : "FLUX.2 [klein]";
  const precision = lora.precision ? ` ${lora.precision.toUpperCase()}` : "";
  const use = lora.endpoints.map((e) => `${e} (${ENDPOINT_INFO[e].short})`).join(" or ");
  throw new AppError(
    "validation_failed",
    `endpoint: the LoRA ${lora.id} was uploaded for ${base}${precision}; ${
      use ? `use ${use}` : "no endpoint BFL still serves can run it"
    }, not ${endpoint}.`,
  );
}
