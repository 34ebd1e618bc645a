import { z } from "zod";
import { generationRowToApi } from "@/lib/server/generation-repo";
import { getGeneration, removeGeneration } from "@/lib/server/generations-service";
import { authorise } from "@/lib/server/guard";
import { json, parseParams, route } from "@/lib/server/http";
import { generationIdSchema } from "@/lib/server/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });

export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  return json({ generation: await generationRowToApi(await getGeneration(id)) });
});

export const DELETE = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  await removeGeneration(id);
  return json({ id, deleted: true });
});
