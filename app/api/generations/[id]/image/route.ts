import { z } from "zod";
import { generationFile } from "@/lib/server/generations-service";
import { fileResponse } from "@/lib/server/http";
import { generationIdSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });

/** The stored image (never BFL's expiring link); immutable, so browsers cache it for good. */
export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  const { file, contentType } = await generationFile(params.id, "full");
  return fileResponse(file, contentType, { immutable: true });
});
