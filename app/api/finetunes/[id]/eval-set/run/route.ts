import { z } from "zod";
import { notFound } from "@/lib/server/errors";
import { getEvalSet } from "@/lib/server/eval-repo";
import { runEvalSet } from "@/lib/server/eval-runner";
import { getFinetuneRow } from "@/lib/server/finetune-repo";
import { authorise } from "@/lib/server/guard";
import { json, parseParams, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

/** Run the saved eval set now (again), whether or not it ran on Ready. */
export const POST = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const row = await getFinetuneRow(id);
  if (!row) throw notFound("This finetune");
  await runEvalSet(row.id, { again: true });
  return json({ eval_set: await getEvalSet(row.id, row.mode) }, 202);
});
