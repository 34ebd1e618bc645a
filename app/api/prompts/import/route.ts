import { makePromptExportSchema } from "@/lib/judge/prompts";
import { authorise } from "@/lib/server/guard";
import { json, parseBody, readJson, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";
import { importPrompts } from "@/lib/server/prompt-repo";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const bodySchema = makePromptExportSchema(finetuneIdSchema);

/** Adds the prompts of an export file; ones already in the library (same owner, title, text) are skipped. */
export const POST = route(async (req) => {
  await authorise(req);
  const file = parseBody(await readJson(req, 2 * 1024 * 1024), bodySchema);
  return json(await importPrompts(file), 201);
});
