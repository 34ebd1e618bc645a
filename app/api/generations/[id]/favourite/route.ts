import { z } from "zod";
import { notFound } from "@/lib/server/errors";
import { setFavourite } from "@/lib/server/generation-repo";
import { authorise } from "@/lib/server/guard";
import { json, parseBody, parseParams, readJson, route } from "@/lib/server/http";
import { generationIdSchema } from "@/lib/server/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });
const bodySchema = z.object({ favourite: z.boolean({ message: "favourite: true or false" }) });

/** Star or unstar an image in the gallery. */
export const PUT = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const { favourite } = parseBody(await readJson(req, 1024), bodySchema);
  if (!(await setFavourite(id, favourite))) throw notFound("The image");
  return json({ id, favourite });
});
