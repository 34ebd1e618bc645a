import { z } from "zod";
import { runEvalSet } from "@/lib/server/eval-runner";
import { evalOwner, evalSetResponse } from "@/lib/server/eval-sets-service";
import { authorise } from "@/lib/server/guard";
import { json, parseParams, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

/** Run the saved eval set now (again): a FLUX.1 finetune's whether or not it ran on Ready, a LoRA's. */
export const POST = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  await runEvalSet(id, { again: true });
  return json(await evalSetResponse(await evalOwner(id)), 202);
});
