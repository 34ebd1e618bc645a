import { clearedSessionCookie } from "@/lib/server/session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `POST /api/auth/logout`: clears the session cookie and sends the browser to the login page. */
export function POST(request: Request) {
  return new Response(null, {
    status: 303,
    headers: {
      Location: "/login",
      "Set-Cookie": clearedSessionCookie(request),
      "Cache-Control": "no-store",
    },
  });
}
