import { fileResponse } from "@/lib/server/http";
import { exportPromptFile } from "@/lib/server/prompts-service";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The whole library as a JSON file, oldest first, in the shape `POST /api/prompts/import` reads. */
export const GET = route({ auth: "session" }, async () => {
  const bytes = new TextEncoder().encode(`${JSON.stringify(await exportPromptFile(), null, 2)}\n`);
  return fileResponse(bytes, "application/json; charset=utf-8", { filename: "prompts.json" });
});
