import { z } from "zod";
import { datasetImageList } from "@/lib/server/finetune-dataset-service";
import { finetuneIdSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => ({
  images: await datasetImageList(params.id),
}));
