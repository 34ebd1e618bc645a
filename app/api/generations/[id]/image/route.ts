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

/** The stored image (never BFL's expiring link); immutable, so browsers cache it for good. */
export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const row = await getGeneration(id);
  const bytes = row.status === "Ready" && row.image_file ? await readData(row.image_file) : null;
  if (!bytes) throw notFound(`This generation's image (status ${row.status})`);
  return fileResponse(bytes, row.content_type ?? "application/octet-stream", { immutable: true });
});
