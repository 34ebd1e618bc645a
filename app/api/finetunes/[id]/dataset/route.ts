import { z } from "zod";
import { notFound } from "@/lib/server/errors";
import { finetuneDatasetImages } from "@/lib/server/finetunes-service";
import { authorise } from "@/lib/server/guard";
import { fileResponse, parseParams, route } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";
import { readData } from "@/lib/server/storage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

/** The training ZIP exactly as it was sent to BFL. */
export const GET = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  await authorise(req);
  const { row } = await finetuneDatasetImages(id);
  const bytes = row.dataset_file ? await readData(row.dataset_file) : null;
  if (!bytes) throw notFound("This finetune's dataset");
  const name = row.finetune_comment.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 60) || "dataset";
  return fileResponse(bytes, "application/zip", { filename: `${name}.zip` });
});
