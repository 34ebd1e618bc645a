import { z } from "zod";
import { datasetZip } from "@/lib/server/finetune-dataset-service";
import { fileResponse } from "@/lib/server/http";
import { finetuneIdSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

/** The training ZIP exactly as it was sent to BFL. */
export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  const { file, filename } = await datasetZip(params.id);
  return fileResponse(file, "application/zip", { filename });
});
