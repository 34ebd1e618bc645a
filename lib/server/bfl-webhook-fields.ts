import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "./db";
import { getConfig } from "./env";
import { nowIso } from "./ids";

/**
 * The outbound half of BFL webhooks: what a submission carries so BFL calls us back. Each submission gets
 * its own random secret, kept in `bfl_webhook_secrets` under our task id; `bfl-webhook.ts` checks inbound
 * webhooks against it. Apart from that file so the runners that submit need not load the tracker.
 */

export const WEBHOOK_PATH = "/api/webhooks/bfl";

/** The fields to add to a BFL submission for our task `id`, or nothing when PUBLIC_URL is unset. */
export async function webhookFieldsFor(
  id: string,
): Promise<{ webhook_url: string; webhook_secret: string } | undefined> {
  const base = getConfig().publicUrl;
  if (!base) return undefined;
  const secret = randomBytes(32).toString("hex");
  const db = await getDb();
  await db
    .insertInto("bfl_webhook_secrets")
    .values({ task_id: id, secret, created_at: nowIso() })
    .onConflict((oc) =>
      oc.column("task_id").doUpdateSet((eb) => ({
        secret: eb.ref("excluded.secret"),
        created_at: eb.ref("excluded.created_at"),
      })),
    )
    .execute();
  return { webhook_url: `${base}${WEBHOOK_PATH}/${encodeURIComponent(id)}`, webhook_secret: secret };
}
