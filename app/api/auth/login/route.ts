import { z } from "zod";
import { authEnabled, currentSessionKey, PUBLIC_BODY_BYTES } from "@/lib/server/auth";
import { getConfig } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { clientAddress, loginLimiter } from "@/lib/server/rate-limit";
import { jsonBody, route } from "@/lib/server/route";
import { createSessionToken, passwordMatches, sessionCookie } from "@/lib/server/session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const loginSchema = z.object({
  password: z.string({ message: "is required" }).min(1, { message: "is required" }).max(1024),
});

/** `POST /api/auth/login` `{password}` → 204 with the session cookie. */
export const POST = route(
  { auth: "public", body: jsonBody(loginSchema, PUBLIC_BODY_BYTES) },
  async ({ req, body }) => {
    const key = currentSessionKey();
    if (!authEnabled() || !key) {
      throw new AppError("bad_request", "This dashboard has no password (DASHBOARD_PASSWORD is not set).");
    }
    const address = clientAddress(req);
    const waitMs = await loginLimiter.retryAfterMs(address);
    if (waitMs > 0) throw tooMany(waitMs);
    if (!passwordMatches(body.password, getConfig().dashboardPassword ?? "")) {
      await loginLimiter.recordFailure(address);
      const next = await loginLimiter.retryAfterMs(address);
      if (next > 0) throw tooMany(next);
      throw new AppError("unauthorized", "Wrong password.");
    }
    await loginLimiter.recordSuccess(address);
    return new Response(null, {
      status: 204,
      headers: { "Set-Cookie": sessionCookie(req, createSessionToken(key)), "Cache-Control": "no-store" },
    });
  },
);

function tooMany(waitMs: number): AppError {
  const seconds = Math.ceil(waitMs / 1000);
  return new AppError("rate_limited", `Too many attempts, try again in ${seconds} s.`, {
    retryAfterMs: waitMs,
  });
}
