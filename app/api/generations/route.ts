import { z } from "zod";
import { generationRequestSchema } from "@/lib/api/generation-request";
import { inferenceEndpointSchema } from "@/lib/bfl";
import { createGeneration, listGenerations } from "@/lib/server/generations-service";
import { finetuneIdSchema } from "@/lib/server/ids";
import { jsonBody, route } from "@/lib/server/route";

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

export const GET = route({ auth: "session", query: querySchema }, async ({ query }) =>
  listGenerations(query),
);

/** Text limits, then endpoint + finetune_id, then the endpoint's own BFL schema (lib/api/generation-request). */
export const POST = route(
  { auth: "session", body: jsonBody(generationRequestSchema, MAX_JSON_BYTES), status: 202 },
  async ({ body }) => ({ generation: await createGeneration(body) }),
);
