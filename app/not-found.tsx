import Link from "next/link";
import { RouteHydrated } from "@/components/layout/route-hydrated";

export const metadata = { title: "Page not found" };

/**
 * Replaces Next's built-in 404, whose inline `<style>` carries no CSP nonce and would be blocked (and
 * reported) under the dashboard's content security policy.
 */
export default function NotFound() {
  return (
    <div className="space-y-3 py-10">
      <RouteHydrated />
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="text-zinc-700 dark:text-zinc-300">There is no page at this address.</p>
      <Link href="/" className="font-medium text-blue-700 underline dark:text-blue-400">
        Back to the start page
      </Link>
    </div>
  );
}
