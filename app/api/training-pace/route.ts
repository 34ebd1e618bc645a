import { trainingPace } from "@/lib/server/account";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** How long trainings take: the simulator's stated pace, or the documented prior against live BFL. */
export const GET = route({ auth: "session" }, () => trainingPace());
