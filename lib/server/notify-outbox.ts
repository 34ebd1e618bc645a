import "server-only";
import { eventKey, type NotifyEventInput, notifyBody } from "@/lib/notify/message";
import { type Db, stmt } from "./db";
import { getConfig } from "./env";
import { newId, nowIso } from "./ids";

/**
 * The notification outbox (table `notify_outbox`). An event is written in the same transaction as the
 * status change that causes it, so a crash cannot lose it; `event_key` is unique, so the same ending seen
 * twice (a webhook and a poll, a restart) is one row. `notify-delivery.ts` sends the rows.
 */

export interface OutboxRow {
  id: number;
  event_id: string;
  event_key: string;
  type: string;
  body: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

type Listener = () => void;
const KEY = Symbol.for("finetune-studio.notify-listener");
type Holder = { [KEY]?: Listener };

/** The delivery loop registers here to be woken as soon as an event is committed. */
export function onEnqueued(listener: Listener): void {
  (globalThis as Holder)[KEY] = listener;
}

/** Record an event (inside the caller's transaction). Nothing is recorded when NOTIFY_WEBHOOK_URL is unset. */
export function enqueueNotification(db: Db, event: NotifyEventInput): void {
  const cfg = getConfig();
  if (!cfg.notifyWebhookUrl) return;
  const id = newId();
  const created = nowIso();
  const body = notifyBody(event, { id, created_at: created, publicUrl: cfg.publicUrl });
  const res = stmt(
    `INSERT OR IGNORE INTO notify_outbox (event_id, event_key, type, body, next_attempt_at, created_at)
     VALUES (?,?,?,?,?,?)`,
    db,
  ).run(id, eventKey(event), event.type, JSON.stringify(body), Date.now(), created);
  const wake = (globalThis as Holder)[KEY];
  // After the caller's transaction commits (it is synchronous), not inside it.
  if (res.changes > 0 && wake) setImmediate(wake);
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
export function notifyFinetuneEnded(db: Db, row: EndedFinetuneRow): void {
  if (row.status !== "Ready" && row.status !== "Error") return;
  enqueueNotification(db, {
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

export function dueOutboxRows(now: number, limit: number): OutboxRow[] {
  return stmt(
    "SELECT * FROM notify_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
  ).all(now, limit) as OutboxRow[];
}

/**
 * Take a due row for one delivery attempt by moving its due time to `until`: with several instances on
 * one database only the one whose update matched sends it. If that instance dies mid-send, the row is
 * due again at `until` (the event id lets receivers drop the rare second copy).
 */
export function claimOutboxRow(id: number, now: number, until: number): boolean {
  return (
    stmt(
      "UPDATE notify_outbox SET next_attempt_at = ? WHERE id = ? AND state = 'pending' AND next_attempt_at <= ?",
    ).run(until, id, now).changes === 1
  );
}

export function markDelivered(id: number, attempts: number): void {
  stmt(
    "UPDATE notify_outbox SET state = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL WHERE id = ?",
  ).run(attempts, nowIso(), id);
}

export function markFailedAttempt(id: number, attempts: number, error: string, retryAt: number | null): void {
  stmt(
    "UPDATE notify_outbox SET state = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
  ).run(retryAt === null ? "failed" : "pending", attempts, error, retryAt ?? Date.now(), id);
}
