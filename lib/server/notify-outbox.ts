import "server-only";
import { eventKey, type NotifyEventInput, notifyBody } from "@/lib/notify/message";
import { afterCommit, type Db, getDb } from "./db";
import type { OutboxRow } from "./db-schema";
import { getConfig } from "./env";
import { newId, nowIso } from "./ids";

/**
 * The notification outbox (table `notify_outbox`). An event is written in the same transaction as the
 * status change that causes it, so a crash cannot lose it; `event_key` is unique, so the same ending seen
 * twice (a webhook and a poll, a restart) is one row. `notify-delivery.ts` sends the rows.
 */

export type { OutboxRow };

type Listener = () => void;
const KEY = Symbol.for("finetune-studio.notify-listener");
type Holder = { [KEY]?: Listener };

/** The delivery loop registers here to be woken as soon as an event is committed. */
export function onEnqueued(listener: Listener): void {
  (globalThis as Holder)[KEY] = listener;
}

/** Record an event (inside the caller's transaction). Nothing is recorded when NOTIFY_WEBHOOK_URL is unset. */
export async function enqueueNotification(db: Db, event: NotifyEventInput): Promise<void> {
  const cfg = getConfig();
  if (!cfg.notifyWebhookUrl) return;
  const id = newId();
  const created = nowIso();
  const body = notifyBody(event, { id, created_at: created, publicUrl: cfg.publicUrl });
  const res = await db
    .insertInto("notify_outbox")
    .values({
      event_id: id,
      event_key: eventKey(event),
      type: event.type,
      body: JSON.stringify(body),
      next_attempt_at: Date.now(),
      created_at: created,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const wake = (globalThis as Holder)[KEY];
  // After the caller's transaction commits, not inside it: the delivery loop must see the row.
  if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0 && wake) afterCommit(db, () => setImmediate(wake));
}

/**
 * The `finetunes` row fields a finished finetune's notification reads. Declared here, not imported from
 * finetune-repo, because that repo calls this module (a `FinetuneRow` fits it).
 */
export interface EndedFinetuneRow {
  id: string;
  bfl_id: string | null;
  finetune_comment: string;
  trigger_word: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
}

/** A finetune reached Ready or Error: its notification. */
export async function notifyFinetuneEnded(db: Db, row: EndedFinetuneRow): Promise<void> {
  if (row.status !== "Ready" && row.status !== "Error") return;
  await enqueueNotification(db, {
    type: row.status === "Ready" ? "finetune.ready" : "finetune.failed",
    finetune: {
      id: row.id,
      bfl_id: row.bfl_id,
      comment: row.finetune_comment,
      trigger_word: row.trigger_word,
      status: row.status,
      error: row.error_code ? { code: row.error_code, message: row.error_message ?? "" } : null,
    },
  });
}

export async function dueOutboxRows(now: number, limit: number): Promise<OutboxRow[]> {
  const db = await getDb();
  return db
    .selectFrom("notify_outbox")
    .selectAll()
    .where("state", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/**
 * Take a due row for one delivery attempt by moving its due time to `until`: with several instances on
 * one database only the one whose update matched sends it (a read that predates a finished or failed
 * attempt matches nothing). If that instance dies mid-send, the row is due again at `until` (the event
 * id lets receivers drop the rare second copy).
 */
export async function claimOutboxRow(id: number, now: number, until: number): Promise<boolean> {
  const db = await getDb();
  const res = await db
    .updateTable("notify_outbox")
    .set({ next_attempt_at: until })
    .where("id", "=", id)
    .where("state", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markDelivered(id: number, attempts: number): Promise<void> {
  const db = await getDb();
  await db
    .updateTable("notify_outbox")
    .set({ state: "delivered", attempts, delivered_at: nowIso(), last_error: null })
    .where("id", "=", id)
    .execute();
}

export async function markFailedAttempt(
  id: number,
  attempts: number,
  error: string,
  retryAt: number | null,
): Promise<void> {
  const db = await getDb();
  await db
    .updateTable("notify_outbox")
    .set({
      state: retryAt === null ? "failed" : "pending",
      attempts,
      last_error: error,
      next_attempt_at: retryAt ?? Date.now(),
    })
    .where("id", "=", id)
    .execute();
}
