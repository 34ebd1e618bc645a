import { z } from "zod";
import { setGenerationFavourite } from "@/lib/server/generations-service";
import { generationIdSchema } from "@/lib/server/ids";
import { jsonBody, route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });
const bodySchema = z.object({ favourite: z.boolean({ message: "favourite: true or false" }) });

/** Star or unstar an image in the gallery. */
export const PUT = route(
  { auth: "session", params: paramsSchema, body: jsonBody(bodySchema, 1024) },
  async ({ params: { id }, body: { favourite } }) => {
    await setGenerationFavourite(id, favourite);
    return { id, favourite };
  },
);
