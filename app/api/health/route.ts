import { NextResponse } from "next/server";
import type { Health } from "@/lib/api/types";
import { publicConfig } from "@/lib/server/env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Minimal liveness check; open even when a dashboard password is set. */
export function GET() {
  const { mode, region } = publicConfig();
  const body: Health = { status: "ok", mode, region };
  return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
}
