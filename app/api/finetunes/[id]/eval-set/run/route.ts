import { z } from "zod";
import { runEvalSet } from "@/lib/server/eval-runner";
import { evalOwner, evalSetResponse } from "@/lib/server/eval-sets-service";
import { finetuneIdSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

/** Run the saved eval set now (again): a FLUX.1 finetune's whether or not it ran on Ready, a LoRA's. */
export const POST = route({ auth: "session", params: paramsSchema, status: 202 }, async ({ params }) => {
  await runEvalSet(params.id, { again: true });
  return evalSetResponse(await evalOwner(params.id));
});
