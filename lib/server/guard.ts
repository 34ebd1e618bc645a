import "server-only";
import { requireSession } from "./auth";
import { ensureTracker } from "./tracker";

/** Authorise a request (session when a password is set) and make sure the task tracker runs. */
export async function authorise(req: Request): Promise<void> {
  await requireSession(req);
  ensureTracker();
}
