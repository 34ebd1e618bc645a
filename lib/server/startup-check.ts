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

/** The value of the last `-X v`, `-Xv`, `--long v` or `--long=v` in argv (commander's rule: last wins). */
function lastOption(argv: readonly string[], short: string, long: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === short || arg === long) {
      if (argv[i + 1] !== undefined) value = argv[i + 1];
      i++;
    } else if (arg.startsWith(`${long}=`)) value = arg.slice(long.length + 1);
    else if (arg.startsWith(short) && arg.length > short.length && !arg.startsWith("--"))
      value = arg.slice(short.length).replace(/^=/, "");
  }
  return value;
}

function isNextCli(argv: readonly string[]): boolean {
  return (
    argv.some((a) => /(^|[/\\])next([/\\]dist[/\\]bin[/\\]next)?$/.test(a)) &&
    argv.some((a) => a === "start" || a === "dev")
  );
}

/**
 * The address and port the server binds to, read the way the launcher reads them: `next start|dev`
 * takes the last `-H`/`--hostname` (`npm start -- -H 0.0.0.0` appends one after the script's own) and
 * listens on every interface without one; any other launcher (Next's standalone `server.js`, a custom
 * server) reads HOSTNAME, then HOST.
 */
export function bindAddress(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { host: string; port: string } {
  if (isNextCli(argv)) {
    return {
      host: lastOption(argv, "-H", "--hostname") ?? "0.0.0.0",
      port: lastOption(argv, "-p", "--port") ?? env.PORT ?? "3000",
    };
  }
  return { host: env.HOSTNAME || env.HOST || "0.0.0.0", port: env.PORT || "3000" };
}

/** The refusal message, or null when starting is safe. */
export function startupProblem(host: string, password: string | undefined, port?: string): string | null {
  if (password || isLoopbackHost(host)) return null;
  const where = port ? `${host} port ${port}` : host;
  const shown = host === "0.0.0.0" || host === "::" ? `${where} (every network interface)` : where;
  return [
    `Refusing to start: the dashboard would listen on ${shown} without a password.`,
    "Anyone who can reach this address could spend your BFL credits.",
    "Fix it in one of two ways:",
    "  - set DASHBOARD_PASSWORD=<a long password> to require a login, or",
    "  - listen on loopback only: HOST=127.0.0.1 (next start -H 127.0.0.1).",
  ].join("\n");
}

/**
 * A shared database means several instances (or a replaced one) serve the same people: a session signed
 * by one must be valid on every other, so the key cannot be the per-machine file in DATA_DIR.
 */
export function sharedSecretProblem(
  databaseUrl: string | undefined,
  sessionSecret: string | undefined,
): string | null {
  if (!databaseUrl || sessionSecret) return null;
  return [
    "Refusing to start: DATABASE_URL is set but SESSION_SECRET is not.",
    "With a shared database every dashboard instance must sign sessions with the same key, or a login",
    "on one instance is refused by the others. Set the same SESSION_SECRET on every instance, e.g.",
    "  SESSION_SECRET=$(openssl rand -base64 32)",
  ].join("\n");
}

export function enforceStartupPolicy(): void {
  const config = getConfig();
  const { host, port } = bindAddress(process.argv, process.env);
  const problem =
    startupProblem(host, config.dashboardPassword, port) ??
    sharedSecretProblem(config.databaseUrl, config.sessionSecret);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
