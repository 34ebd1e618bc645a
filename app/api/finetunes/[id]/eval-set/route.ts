import { z } from "zod";
import { evalSetInputSchema } from "@/lib/judge/eval-set";
import { finetuneEvalSet, saveFinetuneEvalSet } from "@/lib/server/eval-service";
import { finetuneIdSchema } from "@/lib/server/ids";
import { jsonBody, route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

/** The finetune's eval set, or the defaults for its mode (`stored: false`). */
export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => ({
  eval_set: await finetuneEvalSet(params.id),
}));

export const PUT = route(
  { auth: "session", params: paramsSchema, body: jsonBody(evalSetInputSchema, 64 * 1024) },
  async ({ params, body }) => ({ eval_set: await saveFinetuneEvalSet(params.id, body) }),
);
