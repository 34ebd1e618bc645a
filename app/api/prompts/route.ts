import { z } from "zod";
import { newPromptSchema } from "@/lib/judge/prompts";
import { authorise } from "@/lib/server/guard";
import { json, parseBody, parseQuery, readJson, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";
import { createPrompt, listPrompts } from "@/lib/server/prompt-repo";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({ finetune_id: finetuneIdSchema.optional() });
const bodySchema = newPromptSchema.extend({ finetune_id: finetuneIdSchema.nullable().optional() });

/** `?finetune_id=`: the global prompts plus that finetune's; without it, the whole library. */
export const GET = route(async (req) => {
  const query = parseQuery(req, querySchema);
  await authorise(req);
  return json({ prompts: await listPrompts(query.finetune_id) });
});

export const POST = route(async (req) => {
  await authorise(req);
  const body = parseBody(await readJson(req, 64 * 1024), bodySchema);
  return json({ prompt: await createPrompt(body) }, 201);
});
