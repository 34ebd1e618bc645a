import "server-only";
import { isIP } from "node:net";
import { isLoopbackHost } from "./startup-check";

/**
 * DNS-rebinding guard. A page on `rebind.evil.example` whose name is made to resolve to 127.0.0.1 is
 * same-origin with itself, so the browser lets it read this dashboard's answers; only the Host header
 * gives it away. The dashboard answers to loopback names, IP literals (a rebinding page always uses
 * a domain name) and the names in ALLOWED_HOSTS (a reverse proxy's public name), nothing else.
 */

/** The lower-case host name of a Host header (`[::1]:3000` → `::1`), or null when it is malformed. */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    const rest = h.slice(end + 1);
    if (end < 0 || (rest !== "" && !/^:\d{1,5}$/.test(rest))) return null;
    return isIP(h.slice(1, end)) === 6 ? h.slice(1, end) : null;
  }
  const m = /^([a-z0-9.-]{1,253})(:\d{1,5})?$/.exec(h);
  return m?.[1] ?? null;
}

/** True when every host the request names (Host, and X-Forwarded-Host when present) may be served. */
export function hostsAllowed(
  host: string | null | undefined,
  forwardedHost: string | null | undefined,
  allowed: readonly string[],
): boolean {
  if (!host || !hostAllowed(host, allowed)) return false;
  if (!forwardedHost) return true;
  return forwardedHost.split(",").every((h) => hostAllowed(h, allowed));
}

function hostAllowed(header: string, allowed: readonly string[]): boolean {
  const name = hostName(header);
  if (name === null) return false;
  return isLoopbackHost(name) || isIP(name) !== 0 || allowed.some((a) => (hostName(a) ?? a) === name);
}

export function hostRefusal(host: string | null | undefined): string {
  const shown = (host ?? "").trim().slice(0, 100);
  return shown
    ? `This dashboard does not answer to the host name "${shown}". If you reach it through that name (a reverse proxy or a public name), add the name to ALLOWED_HOSTS.`
    : "This request named no host (Host header), so it was refused.";
}
