import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { RouteHydrated } from "@/components/layout/route-hydrated";
import { authEnabled, safeNextPath, sessionTokenValid } from "@/lib/server/auth";
import { SESSION_COOKIE } from "@/lib/server/session";
import { LoginForm } from "./login-form";

export const metadata = { title: "Log in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNextPath((await searchParams).next);
  if (!authEnabled()) redirect(next);
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (sessionTokenValid(token)) redirect(next);
  return (
    <div className="mx-auto max-w-sm space-y-4 py-10">
      <RouteHydrated />
      <h1 className="text-2xl font-bold">Log in</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        This dashboard spends credits on a Black Forest Labs account, so it is protected by a password (set by
        whoever runs it in <code>DASHBOARD_PASSWORD</code>).
      </p>
      <LoginForm next={next} />
    </div>
  );
}
