import { z } from "zod";
import type { DatasetImage } from "@/lib/api/types";
import { finetuneDatasetImages } from "@/lib/server/finetunes-service";
import { authorise } from "@/lib/server/guard";
import { json, parseParams, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const { row, images } = await finetuneDatasetImages(id);
  const base = `/api/finetunes/${encodeURIComponent(row.id)}/images`;
  const out: DatasetImage[] = images.map((img) => ({
    index: img.idx,
    name: img.name,
    caption: img.caption,
    width: img.width,
    height: img.height,
    url: `${base}/${img.idx}`,
    thumbnail_url: `${base}/${img.idx}/thumbnail`,
  }));
  return json({ images: out });
});
