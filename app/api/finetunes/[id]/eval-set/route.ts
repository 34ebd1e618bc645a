import { z } from "zod";
import { evalSetInputSchema } from "@/lib/judge/eval-set";
import { evalOwner, evalSetResponse, saveOwnerEvalSet } from "@/lib/server/eval-sets-service";
import { finetuneIdSchema } from "@/lib/server/ids";
import { jsonBody, route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A FLUX.1 finetune's id, or a klein LoRA's name (`org-id/name` as `org-id%2Fname`). */
const paramsSchema = z.object({ id: finetuneIdSchema });

/** The eval set of a finetune or klein LoRA, or the defaults (`stored: false`), with what it belongs to. */
export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) =>
  evalSetResponse(await evalOwner(params.id)),
);

export const PUT = route(
  { auth: "session", params: paramsSchema, body: jsonBody(evalSetInputSchema, 64 * 1024) },
  async ({ params, body }) => {
    const owner = await evalOwner(params.id);
    await saveOwnerEvalSet(owner, body);
    return evalSetResponse(owner);
  },
);
