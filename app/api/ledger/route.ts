import { ledger } from "@/lib/server/account";
import { route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every recorded charge with totals per finetune, day and endpoint, and BFL's balance when it answers. */
export const GET = route({ auth: "session" }, () => ledger());
