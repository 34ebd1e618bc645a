import { z } from "zod";
import { COMPARE_PREFIX } from "@/lib/judge/compare";
import { comparisonGenerations } from "@/lib/server/comparison-repo";
import { notFound } from "@/lib/server/errors";
import { authorise } from "@/lib/server/guard";
import { json, parseParams, route } from "@/lib/server/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({
  id: z
    .string()
    .regex(new RegExp(`^${COMPARE_PREFIX}[A-Za-z0-9_-]{1,60}$`), { message: "is not a comparison id" }),
});

/** The generations of one comparison (its shared sweep id), oldest first. */
export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const generations = await comparisonGenerations(id);
  if (generations.length === 0) throw notFound("This comparison");
  return json({ generations });
});
