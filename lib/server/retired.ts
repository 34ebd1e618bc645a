import "server-only";
import type { RetiredCallInfo } from "@/lib/api/types";
import { INFERENCE_ENDPOINTS, type InferenceEndpoint, RETIRED_CALLS, retiredCall } from "@/lib/bfl";
import { cached, invalidate } from "./cache";
import { getDb } from "./db";
import { getConfig } from "./env";
import { nowIso } from "./ids";

/**
 * Which BFL calls the service no longer serves: the dated table in lib/bfl (applied against live BFL)
 * plus every POST path that answered a bare 404 here, remembered in the database so it is not tried again.
 */

/** Live rules apply: a real BFL key. A simulator playing today's service is learned from its 404s. */
export function liveRules(): boolean {
  return getConfig().mode === "bfl";
}

export async function rememberRetired(path: string): Promise<void> {
  const db = await getDb();
  await db
    .insertInto("retired_calls")
    .values({ method: "POST", path, learned_at: nowIso() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  invalidate(LEARNED_KEY);
}

/**
 * Read for every LoRA card (each list request makes one per LoRA BFL lists), so kept for a few seconds:
 * this process forgets it at once when it learns a path; another instance's lesson shows within the TTL.
 */
const LEARNED_TTL_MS = 5_000;
const LEARNED_KEY = "retired:learned";

function learned(): Promise<{ path: string; learned_at: string }[]> {
  return cached(LEARNED_KEY, LEARNED_TTL_MS, async () => {
    const db = await getDb();
    return db
      .selectFrom("retired_calls")
      .select(["path", "learned_at"])
      .where("method", "=", "POST")
      .orderBy("learned_at")
      .execute();
  });
}

function endpointOf(path: string): InferenceEndpoint | null {
  const name = path.replace(/^\/v1\//, "");
  return (INFERENCE_ENDPOINTS as readonly string[]).includes(name) ? (name as InferenceEndpoint) : null;
}

/** The retired calls that apply to this dashboard now. */
export async function retiredCalls(): Promise<RetiredCallInfo[]> {
  const out: RetiredCallInfo[] = [];
  if (liveRules()) {
    for (const c of RETIRED_CALLS)
      out.push({ path: c.path, endpoint: c.endpoint, reason: c.reason, since: c.since, learned: false });
  }
  for (const l of await learned()) {
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
export async function retiredFor(endpoint: InferenceEndpoint): Promise<RetiredCallInfo | undefined> {
  return (await retiredCalls()).find((c) => c.endpoint === endpoint);
}

export async function retiredEndpointSet(): Promise<Set<string>> {
  return new Set(
    (await retiredCalls()).map((c) => c.endpoint).filter((e): e is InferenceEndpoint => e !== null),
  );
}
