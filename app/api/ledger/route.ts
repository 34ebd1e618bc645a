import { type LedgerResponse, summariseLedger } from "@/lib/judge/ledger";
import { creditBalance } from "@/lib/server/account";
import { isAppError } from "@/lib/server/errors";
import { authorise } from "@/lib/server/guard";
import { json, route } from "@/lib/server/http";
import { ledgerEntries } from "@/lib/server/ledger-repo";
import { log } from "@/lib/server/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every recorded charge with totals per finetune, day and endpoint, and BFL's balance when it answers. */
export const GET = route(async (req) => {
  await authorise(req);
  const entries = await ledgerEntries();
  let balance: number | null = null;
  let balanceError: LedgerResponse["balance_error"] = null;
  try {
    balance = await creditBalance();
  } catch (err) {
    // The ledger is ours and still useful without BFL; the page says why the balance is missing.
    if (!isAppError(err)) log.warn("ledger", "the balance could not be read", err);
    balanceError = isAppError(err)
      ? err.toBody()
      : { code: "internal", message: "The balance could not be read from BFL." };
  }
  const body: LedgerResponse = { ...summariseLedger(entries), entries, balance, balance_error: balanceError };
  return json(body);
});
