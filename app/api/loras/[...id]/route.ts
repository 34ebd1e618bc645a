import { z } from "zod";
import { finetuneIdSchema } from "@/lib/bfl";
import { notFound } from "@/lib/server/errors";
import { getLora } from "@/lib/server/finetunes-service";
import { removeLora } from "@/lib/server/loras-service";
import { route } from "@/lib/server/route";

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

export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  const lora = await getLora(params.id);
  if (!lora) throw notFound("This LoRA");
  return { lora };
});

/** Forget a LoRA added here; it stays at BFL (delete it in BFL's dashboard). */
export const DELETE = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  await removeLora(params.id);
  return { id: params.id, deleted: true };
});
