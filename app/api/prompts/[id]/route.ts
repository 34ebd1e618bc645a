import { z } from "zod";
import { promptPatchSchema } from "@/lib/judge/prompts";
import { authorise } from "@/lib/server/guard";
import { json, parseBody, parseParams, readJson, route } from "@/lib/server/http";
import { deletePrompt, updatePrompt } from "@/lib/server/prompt-repo";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.uuid({ message: "is not a valid prompt id" }) });

export const PATCH = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const patch = parseBody(await readJson(req, 64 * 1024), promptPatchSchema);
  return json({ prompt: await updatePrompt(id, patch) });
});

export const DELETE = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  await deletePrompt(id);
  return json({ deleted: id });
});
