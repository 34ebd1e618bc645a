import { z } from "zod";
import type { Health } from "@/lib/api/types";
import { bflReachability } from "@/lib/server/bfl-probe";
import { databaseProblem } from "@/lib/server/db";
import { publicConfig } from "@/lib/server/env";
import { errorResponse } from "@/lib/server/http";
import { liveRules, retiredCalls } from "@/lib/server/retired";
import { route } from "@/lib/server/route";
import { storageHealth } from "@/lib/server/storage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Any other value (or none) answers from the last call's outcome. */
const querySchema = z.object({
  probe: z
    .string()
    .optional()
    .transform((v) => v === "1"),
});

/**
 * Liveness, and whether BFL's host answers: the last call's outcome, or with `?probe=1` a fresh
 * connection attempt (bounded by BFL_CONNECT_TIMEOUT_MS), and whether files can be stored (a failing
 * bucket or DATA_DIR is reported here, with the same words as the storage_failed errors). A storage probe
 * that succeeded is reused for a few seconds (STORAGE_PROBE_OK_TTL_MS), a failed one never; `?probe=1`
 * probes storage now too. Open even when a dashboard password is set; it names BFL's host, never the key.
 */
export const GET = route({ auth: "public", query: querySchema }, async ({ query }) => {
  const problem = await databaseProblem();
  // Answered, not thrown: a broken database is this route's normal report, not a failure to log.
  if (problem) return errorResponse(problem);
  const { mode, region } = publicConfig();
  let retired: Health["retired"];
  try {
    retired = await retiredCalls();
  } catch {
    retired = undefined; // the database may be unusable; health still answers
  }
  const body: Health = {
    status: "ok",
    mode,
    region,
    live: liveRules(),
    bfl: await bflReachability(query.probe),
    storage: await storageHealth(query.probe),
    ...(retired ? { retired } : {}),
  };
  return body;
});
