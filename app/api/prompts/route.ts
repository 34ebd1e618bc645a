import { z } from "zod";
import { newPromptSchema } from "@/lib/judge/prompts";
import { finetuneIdSchema } from "@/lib/server/ids";
import { addPrompt, promptList } from "@/lib/server/prompts-service";
import { jsonBody, route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({ finetune_id: finetuneIdSchema.optional() });
const bodySchema = newPromptSchema.extend({ finetune_id: finetuneIdSchema.nullable().optional() });

/** `?finetune_id=`: the global prompts plus that finetune's; without it, the whole library. */
export const GET = route({ auth: "session", query: querySchema }, async ({ query }) => ({
  prompts: await promptList(query.finetune_id),
}));

export const POST = route(
  { auth: "session", body: jsonBody(bodySchema, 64 * 1024), status: 201 },
  async ({ body }) => ({ prompt: await addPrompt(body) }),
);
