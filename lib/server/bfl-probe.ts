import "server-only";
import { lastReachability } from "./bfl-connection";
import { ensureAnswers } from "./bfl-transport";
import { getConfig } from "./env";

/**
 * Is BFL's host reachable? The last exchange's outcome; with `probe`, a fresh key-less check (any HTTP
 * answer counts, nothing is spent) when the last one is older than 15 s.
 */
const FRESH_MS = 15_000;

export async function bflReachability(
  probe: boolean,
): Promise<{ reachable: boolean | null; host: string; message: string | null }> {
  const origin = new URL(getConfig().bflBaseUrl).origin;
  const host = new URL(origin).host;
  const last = lastReachability(host);
  if (probe && (!last || Date.now() - last.at > FRESH_MS)) {
    await ensureAnswers(origin, true).catch(() => {});
  }
  const now = lastReachability(host);
  return { reachable: now?.reachable ?? null, host, message: now?.message ?? null };
}
