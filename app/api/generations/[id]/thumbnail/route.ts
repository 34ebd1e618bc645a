import { z } from "zod";
import { generationFile } from "@/lib/server/generations-service";
import { fileResponse } from "@/lib/server/http";
import { generationIdSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });

/** ~384 px WebP made when the image was stored. */
export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  const { file, contentType } = await generationFile(params.id, "thumbnail");
  return fileResponse(file, contentType, { immutable: true });
});
