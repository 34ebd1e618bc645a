import { z } from "zod";
import { getFinetune, removeFinetune } from "@/lib/server/finetunes-service";
import { finetuneIdSchema } from "@/lib/server/ids";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: finetuneIdSchema });

export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => ({
  finetune: await getFinetune(params.id),
}));

export const DELETE = route({ auth: "session", params: paramsSchema }, async ({ params }) => {
  await removeFinetune(params.id);
  return { id: params.id, deleted: true };
});
