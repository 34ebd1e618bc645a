import { createHash } from "node:crypto";
import sharp from "sharp";
import { BFL_ERROR_MESSAGES } from "../bfl/errors";
import { loraIdSchema } from "../bfl/ids";
import {
  KLEIN_BASE_MODELS,
  KLEIN_PRECISIONS,
  type KleinBaseModel,
  type KleinEndpoint,
  type KleinPrecision,
  kleinBaseModelSchema,
  kleinEndpointFor,
  kleinPrecisionSchema,
} from "../bfl/klein";
import { detailError } from "./http";
import { drawPattern } from "./pattern";
import { validationError } from "./validation";

/**
 * The live profile's uploaded LoRAs (FLUX.2 [klein] finetunes): `SIMULATOR_LORAS` lists them as
 * `name:base-model:precision`, comma-separated. BFL's dashboard is the only way to upload one, so the
 * simulator's account is seeded instead. Any `org-id/name` (a LoRA shared in an organisation) is served
 * too, on any klein endpoint, unless it is seeded with another base model.
 */

export interface SeededLora {
  /** The name (or `org-id/name`): BFL's `finetune_id`. */
  id: string;
  base_model: KleinBaseModel;
  precision: KleinPrecision;
  endpoint: KleinEndpoint;
}

export const DEFAULT_LORAS =
  "my-style-lora:klein-9b:fp8,product-shots_v2:klein-4b:fp8,film-grain:klein-9b-kv:bf16,acme-org/shared-lora:klein-9b:fp8";

export function parseLoras(text: string): SeededLora[] {
  const loras: SeededLora[] = [];
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const parts = entry.split(":");
    if (parts.length !== 3) {
      throw new Error(`"${entry}" must be name:base-model:precision, e.g. my-style-lora:klein-9b:fp8`);
    }
    const [id, base, precision] = parts as [string, string, string];
    if (!loraIdSchema.safeParse(id).success) {
      throw new Error(
        `"${id}" is not a LoRA name (lowercase letters, digits, '-', '_', optionally after org-id/)`,
      );
    }
    const b = kleinBaseModelSchema.safeParse(base);
    if (!b.success) throw new Error(`"${entry}": base model must be one of ${KLEIN_BASE_MODELS.join(", ")}`);
    const p = kleinPrecisionSchema.safeParse(precision);
    if (!p.success) throw new Error(`"${entry}": precision must be one of ${KLEIN_PRECISIONS.join(", ")}`);
    const endpoint = kleinEndpointFor(b.data, p.data);
    if (!endpoint) throw new Error(`"${entry}": BFL has no klein endpoint for ${base} in ${precision}`);
    if (loras.some((l) => l.id === id)) throw new Error(`"${id}" is listed twice`);
    loras.push({ id, base_model: b.data, precision: p.data, endpoint });
  }
  return loras;
}

const isShared = (id: string) => id.includes("/");

/**
 * The LoRA a klein endpoint is asked for. Unknown names answer like BFL's other finetune look-ups
 * (404 "Finetune not found or access denied"; BFL documents no klein error, a guess); a LoRA uploaded for
 * another base model or precision gets a 422 that names the endpoint to call.
 */
export function loraFor(loras: readonly SeededLora[], endpoint: KleinEndpoint, id: string): string {
  const seeded = loras.find((l) => l.id === id);
  if (seeded && seeded.endpoint !== endpoint) {
    throw validationError([
      {
        loc: ["body", "finetune_id"],
        msg:
          `LoRA '${id}' was uploaded for ${seeded.base_model} (${seeded.precision}); ` +
          `call /v1/${seeded.endpoint}, the endpoint must match the base model and precision`,
        type: "value_error",
      },
    ]);
  }
  if (seeded || (isShared(id) && loraIdSchema.safeParse(id).success)) return id;
  throw detailError(404, BFL_ERROR_MESSAGES.finetuneNotFound);
}

/** `finetune_details` of a LoRA with SIMULATOR_LORA_DETAILS=partial: what BFL's dashboard knows of it. */
export function partialLoraDetails(lora: SeededLora) {
  return {
    finetune_details: {
      name: lora.id,
      finetune_type: "lora",
      base_model: lora.base_model,
      precision: lora.precision,
    },
  };
}

/** A LoRA as an object in `my_finetunes` (SIMULATOR_MY_FINETUNES=mixed); BFL documents no shape. */
export function loraListEntry(lora: SeededLora) {
  return { finetune_id: lora.id, base_model: lora.base_model, precision: lora.precision };
}

/**
 * What a LoRA "learned": a small pattern from its name, blended in like a FLUX.1 finetune's training
 * images (0.45 × finetune_strength), so two LoRAs differ and the strength slider shows.
 */
export function loraStyleImage(id: string): Promise<Buffer> {
  const seed = createHash("sha256").update(id).digest().readUInt32BE(0);
  const side = 192;
  const raw = drawPattern(side, side, `lora ${id}`, seed);
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();
}
