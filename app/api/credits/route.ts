import { creditBalance } from "@/lib/server/account";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The account's BFL credit balance (`GET /v1/credits`). */
export const GET = route({ auth: "session" }, async () => ({ credits: await creditBalance() }));
