import { z } from "zod";
import { promptPatchSchema } from "@/lib/judge/prompts";
import { editPrompt, removePrompt } from "@/lib/server/prompts-service";
import { jsonBody, route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.uuid({ message: "is not a valid prompt id" }) });

export const PATCH = route(
  { auth: "session", params: paramsSchema, body: jsonBody(promptPatchSchema, 64 * 1024) },
  async ({ params, body }) => ({ prompt: await editPrompt(params.id, body) }),
);

export const DELETE = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  await removePrompt(params.id);
  return { deleted: params.id };
});
