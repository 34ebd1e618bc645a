import "server-only";
import { PRIOR_PACE, type TrainingPace, trainingPaceSchema } from "@/lib/finetunes/pace";
import { type LedgerResponse, summariseLedger } from "@/lib/judge/ledger";
import { credits } from "./bfl-client";
import { cached } from "./cache";
import { getConfig } from "./env";
import { isAppError } from "./errors";
import { ledgerEntries } from "./ledger-repo";
import { log } from "./log";

/** Account-level facts the header and the progress bars show: the credit balance and the training pace. */

/** A short cache: every page load shows the balance, and a generation changes it. */
const CREDITS_TTL_MS = 10_000;

export async function creditBalance(): Promise<number> {
  return cached("account:credits", CREDITS_TTL_MS, credits);
}

/**
 * The simulator states its pace; live BFL does not, so we answer the documented prior. A simulator that
 * cannot be asked also falls back on the prior (labelled as such), and the next call asks again.
 */
export async function trainingPace(): Promise<TrainingPace> {
  const cfg = getConfig();
  if (cfg.mode !== "simulator") return PRIOR_PACE;
  try {
    return await cached("account:pace", 60_000, async () => {
      const res = await fetch(`${cfg.bflBaseUrl}/_simulator/pace`, {
        redirect: "error",
        signal: AbortSignal.timeout(cfg.bflTimeoutMs),
      });
      if (!res.ok) throw new Error(`pace answered ${res.status}`);
      return trainingPaceSchema.parse(await res.json());
    });
  } catch (err) {
    log.warn("account", "the simulator did not state its pace; using the prior", err);
    return PRIOR_PACE;
  }
}

/** Every recorded charge with totals per finetune, day and endpoint, and BFL's balance when it answers. */
export async function ledger(): Promise<LedgerResponse> {
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
  return { ...summariseLedger(entries), entries, balance, balance_error: balanceError };
}
