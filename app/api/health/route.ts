import { NextResponse } from "next/server";
import type { Health } from "@/lib/api/types";
import { bflReachability } from "@/lib/server/bfl-probe";
import { databaseProblem } from "@/lib/server/db";
import { publicConfig } from "@/lib/server/env";
import { errorResponse } from "@/lib/server/http";
import { liveRules, retiredCalls } from "@/lib/server/retired";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Liveness, and whether BFL's host answers: the last call's outcome, or with `?probe=1` a fresh
 * connection attempt (bounded by BFL_CONNECT_TIMEOUT_MS). Open even when a dashboard password is set;
 * it names BFL's host, never the key.
 */
export async function GET(req: Request) {
  const problem = await databaseProblem();
  if (problem) return errorResponse(problem);
  const { mode, region } = publicConfig();
  const probe = new URL(req.url).searchParams.get("probe") === "1";
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
    bfl: await bflReachability(probe),
    ...(retired ? { retired } : {}),
  };
  return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
}
