import { route } from "@/lib/server/route";
import { clearedSessionCookie } from "@/lib/server/session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `POST /api/auth/logout`: clears the session cookie and sends the browser to the login page. */
export const POST = route(
  { auth: "public" },
  async ({ req }) =>
    new Response(null, {
      status: 303,
      headers: { Location: "/login", "Set-Cookie": clearedSessionCookie(req), "Cache-Control": "no-store" },
    }),
);
