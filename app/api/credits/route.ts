import { creditBalance } from "@/lib/server/account";
import { authorise } from "@/lib/server/guard";
import { json, route } from "@/lib/server/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The account's BFL credit balance (`GET /v1/credits`). */
export const GET = route(async (req) => {
  await authorise(req);
  return json({ credits: await creditBalance() });
});
