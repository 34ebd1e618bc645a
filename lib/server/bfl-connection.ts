import "server-only";
import { Agent } from "undici";
import { LEGACY_REGIONS } from "@/lib/bfl/regions";
import { getConfig } from "./env";

/**
 * The connection side of talking to BFL: one undici Agent whose connect timeout
 * (BFL_CONNECT_TIMEOUT_MS) is separate from the answer timeout (BFL_TIMEOUT_MS), so a host that
 * accepts no connection is diagnosed in seconds; and the last thing learned about each host's
 * reachability, which /api/health reports.
 */

const KEY = Symbol.for("finetune-studio.bfl-agent");
type Holder = { [KEY]?: Agent };

export function bflAgent(): Agent {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Agent({
    connect: { timeout: getConfig().bflConnectTimeoutMs },
    keepAliveTimeout: 10_000,
  });
  return holder[KEY];
}

/**
 * Why no exchange could start: the name does not resolve, nothing listens, the handshake gets no
 * answer, or the connection opens but no HTTP answer comes (a host whose listening socket never
 * accepts looks like this from outside).
 */
export type ConnectFailure = "dns" | "refused" | "connect_timeout" | "no_answer";

export function connectFailure(err: unknown): ConnectFailure | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "dns";
    if (code === "ECONNREFUSED") return "refused";
    if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT" || code === "EHOSTUNREACH")
      return "connect_timeout";
    if (code === "ENETUNREACH") return "connect_timeout";
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** "name the host, the likely cause, and the setting to change" for a connection that never opened. */
export function unreachableMessage(host: string, why: ConnectFailure): string {
  const cfg = getConfig();
  const seconds = Math.round(cfg.bflConnectTimeoutMs / 100) / 10;
  const cause =
    why === "dns"
      ? `the name ${host} does not resolve (no DNS answer)`
      : why === "refused"
        ? `nothing accepts connections at ${host} (connection refused)`
        : why === "no_answer"
          ? `${host} sent no answer within ${seconds} s of connecting (BFL_CONNECT_TIMEOUT_MS)`
          : `${host} accepted no connection within ${seconds} s (BFL_CONNECT_TIMEOUT_MS)`;
  let fix: string;
  if (cfg.customBaseUrl && cfg.mode === "simulator") {
    fix = "Start the simulator (npm run simulator) or fix BFL_API_URL / SIMULATOR_PORT.";
  } else if (cfg.customBaseUrl) {
    fix = "Check BFL_API_URL, which replaces every BFL host.";
  } else if (LEGACY_REGIONS.has(cfg.region)) {
    fix = `${host} is BFL's legacy finetune-era host, which no longer answers for many; set BFL_REGION=global (or eu / us) and restart.`;
  } else {
    fix =
      "Check the server's network, proxy or firewall; try another host with BFL_REGION=global, eu or us; on a slow network raise BFL_CONNECT_TIMEOUT_MS.";
  }
  const what = why === "no_answer" ? "no answer" : "no connection";
  return `The dashboard cannot reach BFL at ${host} (${what}: ${cause}); nothing was sent. ${fix}`;
}

export interface Reachability {
  reachable: boolean | null;
  host: string;
  message: string | null;
  at: number;
}

const SEEN = Symbol.for("finetune-studio.bfl-reachability");
type SeenHolder = { [SEEN]?: Map<string, Reachability> };

function seen(): Map<string, Reachability> {
  const holder = globalThis as SeenHolder;
  holder[SEEN] ??= new Map();
  return holder[SEEN];
}

export function noteReachable(host: string): void {
  seen().set(host, { reachable: true, host, message: null, at: Date.now() });
}

export function noteUnreachable(host: string, message: string): void {
  seen().set(host, { reachable: false, host, message, at: Date.now() });
}

export function lastReachability(host: string): Reachability | undefined {
  return seen().get(host);
}
