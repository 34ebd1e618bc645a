import { z } from "zod";
import { notFound } from "@/lib/server/errors";
import { getGeneration } from "@/lib/server/generations-service";
import { authorise } from "@/lib/server/guard";
import { fileResponse, parseParams, route } from "@/lib/server/http";
import { generationIdSchema } from "@/lib/server/ids";
import { readData } from "@/lib/server/storage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });

/** ~384 px WebP made when the image was stored. */
export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const row = await getGeneration(id);
  const bytes = row.thumb_file ? await readData(row.thumb_file) : null;
  if (!bytes) throw notFound(`This generation's thumbnail (status ${row.status})`);
  return fileResponse(bytes, "image/webp", { immutable: true });
});
