import { NextResponse } from "next/server";
import type { Health } from "@/lib/api/types";
import { databaseProblem } from "@/lib/server/db";
import { publicConfig } from "@/lib/server/env";
import { errorResponse } from "@/lib/server/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness check (the database opens); open even when a dashboard password is set. */
export function GET() {
  const problem = databaseProblem();
  if (problem) return errorResponse(problem);
  const { mode, region } = publicConfig();
  const body: Health = { status: "ok", mode, region };
  return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
}
