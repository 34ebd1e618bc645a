import { trainingPace } from "@/lib/server/account";
import { authorise } from "@/lib/server/guard";
import { json, route } from "@/lib/server/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** How long trainings take: the simulator's stated pace, or the documented prior against live BFL. */
export const GET = route(async (req) => {
  await authorise(req);
  return json(await trainingPace());
});
