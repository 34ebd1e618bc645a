import { z } from "zod";
import { finetuneIdSchema } from "@/lib/bfl";
import { notFound } from "@/lib/server/errors";
import { getLora } from "@/lib/server/finetunes-service";
import { authorise } from "@/lib/server/guard";
import { json, parseParams, route } from "@/lib/server/http";
import { removeLora } from "@/lib/server/loras-service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `/api/loras/my-lora` or `/api/loras/org-id/name` (also `org-id%2Fname`): the segments make the id. */
const paramsSchema = z.object({
  id: z
    .array(z.string())
    .min(1)
    .max(2)
    .transform((parts) => parts.join("/"))
    .pipe(finetuneIdSchema),
});

export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const lora = await getLora(id);
  if (!lora) throw notFound("This LoRA");
  return json({ lora });
});

/** Forget a LoRA added here; it stays at BFL (delete it in BFL's dashboard). */
export const DELETE = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  await removeLora(id);
  return json({ id, deleted: true });
});
