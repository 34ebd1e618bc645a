import { z } from "zod";
import { datasetImageFile } from "@/lib/server/finetune-dataset-service";
import { fileResponse } from "@/lib/server/http";
import { finetuneIdSchema, imageIndexSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema, index: imageIndexSchema });

/** A training image's ~256 px WebP thumbnail. */
export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  const { file, contentType } = await datasetImageFile(params.id, params.index, "thumbnail");
  return fileResponse(file, contentType, { immutable: true });
});
