import { makePromptExportSchema } from "@/lib/judge/prompts";
import { finetuneIdSchema } from "@/lib/server/ids";
import { importPromptFile } from "@/lib/server/prompts-service";
import { jsonBody, route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const bodySchema = makePromptExportSchema(finetuneIdSchema);

/** Adds the prompts of an export file; ones already in the library (same owner, title, text) are skipped. */
export const POST = route(
  { auth: "session", body: jsonBody(bodySchema, 2 * 1024 * 1024), status: 201 },
  async ({ body }) => importPromptFile(body),
);
