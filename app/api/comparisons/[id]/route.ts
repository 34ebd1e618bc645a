import { z } from "zod";
import { COMPARE_PREFIX } from "@/lib/judge/compare";
import { getComparison } from "@/lib/server/generations-service";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({
  id: z
    .string()
    .regex(new RegExp(`^${COMPARE_PREFIX}[A-Za-z0-9_-]{1,60}$`), { message: "is not a comparison id" }),
});

/** The generations of one comparison (its shared sweep id), oldest first. */
export const GET = route({ auth: "session", params: paramsSchema }, async ({ params }) => ({
  generations: await getComparison(params.id),
}));
