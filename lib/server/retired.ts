import "server-only";
import type { RetiredCallInfo } from "@/lib/api/types";
import { INFERENCE_ENDPOINTS, type InferenceEndpoint, RETIRED_CALLS, retiredCall } from "@/lib/bfl";
import { stmt, tx } from "./db";
import { getConfig } from "./env";
import { nowIso } from "./ids";

/**
 * Which BFL calls the service no longer serves: the dated table in lib/bfl (applied against live BFL)
 * plus every POST path that answered a bare 404 here, remembered in SQLite so it is not tried again.
 */

/** Live rules apply: a real BFL key. A simulator playing today's service is learned from its 404s. */
export function liveRules(): boolean {
  return getConfig().mode === "bfl";
}

export function rememberRetired(path: string): void {
  tx((db) =>
    stmt(
      "INSERT INTO retired_calls (method, path, learned_at) VALUES ('POST', ?, ?) ON CONFLICT DO NOTHING",
      db,
    ).run(path, nowIso()),
  );
}

function learned(): { path: string; learned_at: string }[] {
  return stmt(
    "SELECT path, learned_at FROM retired_calls WHERE method = 'POST' ORDER BY learned_at",
  ).all() as {
    path: string;
    learned_at: string;
  }[];
}

function endpointOf(path: string): InferenceEndpoint | null {
  const name = path.replace(/^\/v1\//, "");
  return (INFERENCE_ENDPOINTS as readonly string[]).includes(name) ? (name as InferenceEndpoint) : null;
}

/** The retired calls that apply to this dashboard now. */
export function retiredCalls(): RetiredCallInfo[] {
  const out: RetiredCallInfo[] = [];
  if (liveRules()) {
    for (const c of RETIRED_CALLS)
      out.push({ path: c.path, endpoint: c.endpoint, reason: c.reason, since: c.since, learned: false });
  }
  for (const l of learned()) {
    if (out.some((c) => c.path === l.path)) continue;
    out.push({
      path: l.path,
      endpoint: endpointOf(l.path),
      reason:
        retiredCall("POST", l.path)?.reason ??
        `BFL answered 404 for ${l.path}: it no longer offers this endpoint.`,
      since: l.learned_at,
      learned: true,
    });
  }
  return out;
}

/** The retired call for this endpoint, if it applies here. */
export function retiredFor(endpoint: InferenceEndpoint): RetiredCallInfo | undefined {
  return retiredCalls().find((c) => c.endpoint === endpoint);
}

export function retiredEndpointSet(): Set<string> {
  return new Set(
    retiredCalls()
      .map((c) => c.endpoint)
      .filter((e): e is InferenceEndpoint => e !== null),
  );
}
