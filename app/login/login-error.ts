import { apiErrorSchema } from "@/lib/api/errors";

/** What the login form shows for a failed attempt: the server's message, or a plain fallback. */
export function loginErrorMessage(status: number, body: unknown): string {
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) return parsed.data.message;
  if (status === 429) return "Too many attempts; wait a minute and try again.";
  return `Login failed (HTTP ${status}). Try again.`;
}
