import { z } from "zod";
import { evalSetInputSchema } from "@/lib/judge/eval-set";
import { notFound } from "@/lib/server/errors";
import { getEvalSet, saveEvalSet } from "@/lib/server/eval-repo";
import { getFinetuneRow } from "@/lib/server/finetune-repo";
import { authorise } from "@/lib/server/guard";
import { json, parseBody, parseParams, readJson, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

async function localFinetune(id: string) {
  const row = await getFinetuneRow(id);
  if (!row) throw notFound("An eval set needs a finetune trained from this dashboard; this one");
  return row;
}

/** The finetune's eval set, or the defaults for its mode (`stored: false`). */
export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const row = await localFinetune(id);
  return json({ eval_set: await getEvalSet(row.id, row.mode) });
});

export const PUT = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const input = parseBody(await readJson(req, 64 * 1024), evalSetInputSchema);
  const row = await localFinetune(id);
  await saveEvalSet(row.id, input);
  return json({ eval_set: await getEvalSet(row.id, row.mode) });
});
