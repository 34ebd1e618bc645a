import "server-only";
import {
  connectFailure,
  lastReachability,
  noteReachable,
  noteUnreachable,
  unreachableMessage,
} from "./bfl-connection";
import { send } from "./bfl-transport";
import { getConfig } from "./env";

/**
 * Is BFL's host reachable? Any HTTP answer counts (no key is sent, nothing is spent); no connection
 * within BFL_CONNECT_TIMEOUT_MS does not. Fresh probes are shared and kept 15 s.
 */
const FRESH_MS = 15_000;
let inFlight: Promise<void> | null = null;

export async function bflReachability(
  probe: boolean,
): Promise<{ reachable: boolean | null; host: string; message: string | null }> {
  const cfg = getConfig();
  const host = new URL(cfg.bflBaseUrl).host;
  const last = lastReachability(host);
  if (probe && (!last || Date.now() - last.at > FRESH_MS)) {
    inFlight ??= probeOnce(cfg.bflBaseUrl, host).finally(() => {
      inFlight = null;
    });
    await inFlight;
  }
  const now = lastReachability(host);
  return { reachable: now?.reachable ?? null, host, message: now?.message ?? null };
}

async function probeOnce(base: string, host: string): Promise<void> {
  try {
    await send(
      `${base}/`,
      { method: "GET", headers: { accept: "application/json" } },
      getConfig().bflTimeoutMs,
    );
    noteReachable(host);
  } catch (err) {
    const why = connectFailure(err);
    noteUnreachable(
      host,
      why
        ? unreachableMessage(host, why)
        : `BFL at ${host} accepted a connection but did not answer in time.`,
    );
  }
}
