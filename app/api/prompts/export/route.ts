import { PROMPT_EXPORT_FORMAT, type PromptExport } from "@/lib/judge/prompts";
import { authorise } from "@/lib/server/guard";
import { fileResponse, route } from "@/lib/server/http";
import { listPrompts } from "@/lib/server/prompt-repo";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The whole library as a JSON file, oldest first, in the shape `POST /api/prompts/import` reads. */
export const GET = route(async (req) => {
  await authorise(req);
  const file: PromptExport = {
    format: PROMPT_EXPORT_FORMAT,
    version: 1,
    exported_at: new Date().toISOString(),
    prompts: (await listPrompts())
      .reverse()
      .map((p) => ({ title: p.title, text: p.text, finetune_id: p.finetune_id })),
  };
  const bytes = new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
  return fileResponse(bytes, "application/json; charset=utf-8", { filename: "prompts.json" });
});
