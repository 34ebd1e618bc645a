import { z } from "zod";
import { getGeneration, removeGeneration } from "@/lib/server/generations-service";
import { generationIdSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });

export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => ({
  generation: await getGeneration(params.id),
}));

export const DELETE = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  await removeGeneration(params.id);
  return { id: params.id, deleted: true };
});
