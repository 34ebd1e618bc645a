import { cookies } from "next/headers";
import { sessionTokenValid } from "@/lib/server/auth";
import { SESSION_COOKIE } from "@/lib/server/session";

/** Shown only with a password set and a session open; a plain form, so it works without JavaScript. */
export async function LogoutButton() {
  if (!sessionTokenValid((await cookies()).get(SESSION_COOKIE)?.value)) return null;
  return (
    <form action="/api/auth/logout" method="post">
      <button
        type="submit"
        data-testid="logout"
        className="rounded-md px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        Log out
      </button>
    </form>
  );
}
