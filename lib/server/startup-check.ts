import "server-only";
import { isIPv4, isIPv6 } from "node:net";
import { getConfig } from "./env";

/**
 * Refuse to serve a money-spending dashboard to the network without a password. Runs once at start
 * (instrumentation.ts `register()`).
 */

/** 127.0.0.0/8, ::1, localhost (and IPv4-mapped 127.x). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  if (isIPv4(v4)) return v4.startsWith("127.");
  if (isIPv6(h)) return h === "::1" || /^(0{1,4}:){7}0{0,3}1$/.test(h);
  return false;
}

/**
 * The address the server binds to: `-H`/`--hostname` of `next start|dev`; `next` without it listens on
 * every interface; any other launcher (a custom server) uses HOST.
 */
export function bindHost(argv: readonly string[], envHost: string): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if ((arg === "-H" || arg === "--hostname") && argv[i + 1]) return argv[i + 1] ?? envHost;
    if (arg.startsWith("--hostname=")) return arg.slice("--hostname=".length);
  }
  const isNextCli = argv.some((a) => /(^|[/\\])next([/\\]dist[/\\]bin[/\\]next)?$/.test(a));
  if (isNextCli && argv.some((a) => a === "start" || a === "dev")) return "0.0.0.0";
  return envHost;
}

/** The refusal message, or null when starting is safe. */
export function startupProblem(host: string, password: string | undefined): string | null {
  if (password || isLoopbackHost(host)) return null;
  const shown = host === "0.0.0.0" ? "0.0.0.0 (every network interface)" : host;
  return [
    `Refusing to start: the dashboard would listen on ${shown} without a password.`,
    "Anyone who can reach this address could spend your BFL credits.",
    "Fix it in one of two ways:",
    "  - set DASHBOARD_PASSWORD=<a long password> to require a login, or",
    "  - listen on loopback only: HOST=127.0.0.1 (next start -H 127.0.0.1).",
  ].join("\n");
}

export function enforceStartupPolicy(): void {
  const config = getConfig();
  const problem = startupProblem(bindHost(process.argv, config.host), config.dashboardPassword);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
