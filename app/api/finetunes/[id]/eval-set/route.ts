import { z } from "zod";
import { evalSetInputSchema } from "@/lib/judge/eval-set";
import { evalOwner, evalSetResponse, saveOwnerEvalSet } from "@/lib/server/eval-sets-service";
import { authorise } from "@/lib/server/guard";
import { json, parseBody, parseParams, readJson, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A FLUX.1 finetune's id, or a klein LoRA's name (`org-id/name` as `org-id%2Fname`). */
const paramsSchema = z.object({ id: finetuneIdSchema });

/** The eval set of a finetune or klein LoRA, or the defaults (`stored: false`), with what it belongs to. */
export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  return json(await evalSetResponse(await evalOwner(id)));
});

export const PUT = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const input = parseBody(await readJson(req, 64 * 1024), evalSetInputSchema);
  const owner = await evalOwner(id);
  await saveOwnerEvalSet(owner, input);
  return json(await evalSetResponse(owner));
});
