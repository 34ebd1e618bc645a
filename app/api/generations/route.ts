import { z } from "zod";
import { inferenceEndpointSchema } from "@/lib/bfl";
import { createGeneration, listGenerations } from "@/lib/server/generations-service";
import { authorise } from "@/lib/server/guard";
import { json, parseQuery, readJson, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Room for a fill image and its mask as base64. */
const MAX_JSON_BYTES = 40 * 1024 * 1024;

const querySchema = z.object({
  finetune_id: finetuneIdSchema.optional(),
  endpoint: inferenceEndpointSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
  q: z.string().trim().max(200, "q: a search of at most 200 characters").optional(),
  favourites: z
    .enum(["1", "0"], { message: 'favourites must be "1" (only favourites) or "0"' })
    .optional()
    .transform((v) => v === "1"),
});

export const GET = route(async (req) => {
  const query = parseQuery(req, querySchema);
  await authorise(req);
  return json(await listGenerations(query));
});

export const POST = route(async (req) => {
  await authorise(req);
  const body = await readJson(req, MAX_JSON_BYTES);
  const generation = await createGeneration(body);
  return json({ generation }, 202);
});
