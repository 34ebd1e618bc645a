import { z } from "zod";
import { contentTypeForFormat } from "@/lib/server/dataset-store";
import { notFound } from "@/lib/server/errors";
import { finetuneDatasetImages } from "@/lib/server/finetunes-service";
import { authorise } from "@/lib/server/guard";
import { fileResponse, parseParams, route } from "@/lib/server/http";
import { finetuneIdSchema, imageIndexSchema } from "@/lib/server/ids";
import { readData } from "@/lib/server/storage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema, index: imageIndexSchema });

/** One training image, full size. */
export const GET = route(async (req, ctx) => {
  const { id, index } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const img = (await finetuneDatasetImages(id)).images.find((i) => i.idx === index);
  const bytes = img ? await readData(img.file) : null;
  if (!img || !bytes) throw notFound("This training image");
  return fileResponse(bytes, contentTypeForFormat(img.format), { immutable: true });
});
