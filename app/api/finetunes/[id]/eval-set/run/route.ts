import { z } from "zod";
import { rerunEvalSet } from "@/lib/server/eval-service";
import { finetuneIdSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

/** Run the saved eval set now (again), whether or not it ran on Ready. */
export const POST = route({ auth: "session", params: paramsSchema, status: 202 }, async ({ params }) => ({
  eval_set: await rerunEvalSet(params.id),
}));
