import "server-only";
import { createHmac } from "node:crypto";
import {
  EVENT_HEADER,
  NOTIFY_MAX_ATTEMPTS,
  type NotifyEvent,
  notificationBody,
  notifyBackoffMs,
  SIGNATURE_HEADER,
} from "@/lib/judge/notify-message";
import { stmt } from "./db";
import { getConfig } from "./env";
import { nowIso } from "./ids";
import { log } from "./log";

/**
 * Outbound webhook (NOTIFY_WEBHOOK_URL). `notify` records the event (once per key, in SQLite) and
 * returns at once: delivery runs on timers, so a slow or failing receiver never holds up polling.
 * Failed deliveries are retried with exponential backoff up to NOTIFY_MAX_ATTEMPTS times.
 */

const TIMEOUT_MS = 5_000;

interface Row {
  id: number;
  event_key: string;
  body: string;
  attempts: number;
  delivered_at: string | null;
  failed_at: string | null;
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export function notify(event: NotifyEvent): void {
  try {
    if (!getConfig().notifyWebhookUrl) return;
    const res = stmt(
      "INSERT OR IGNORE INTO notifications (event_key, body, created_at) VALUES (?, ?, ?)",
    ).run(event.key, notificationBody(event, nowIso()), nowIso());
    if (res.changes === 1) schedule(Number(res.lastInsertRowid), 0);
  } catch (err) {
    log.warn("notify", `could not record notification ${event.key}`, err);
  }
}

function schedule(id: number, delayMs: number): void {
  const timer = setTimeout(() => {
    deliver(id).catch((err) => log.warn("notify", "delivery crashed", err));
  }, delayMs);
  timer.unref?.();
}

async function deliver(id: number): Promise<void> {
  const row = stmt("SELECT * FROM notifications WHERE id = ?").get(id) as Row | undefined;
  if (!row || row.delivered_at || row.failed_at) return;
  const { notifyWebhookUrl: url, notifyWebhookSecret: secret } = getConfig();
  if (!url) return;
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "FinetuneStudio-Notify/1",
    [EVENT_HEADER]: row.event_key,
  };
  if (secret) headers[SIGNATURE_HEADER] = signature(row.body, secret);
  let error: string | null = null;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: row.body,
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {});
    if (!res.ok) error = `the receiver answered ${res.status}`;
  } catch (err) {
    error =
      err instanceof Error && err.name === "TimeoutError"
        ? "the receiver did not answer in time"
        : "the receiver could not be reached";
  }
  const attempts = row.attempts + 1;
  if (!error) {
    stmt("UPDATE notifications SET attempts = ?, delivered_at = ?, last_error = NULL WHERE id = ?").run(
      attempts,
      nowIso(),
      id,
    );
    return;
  }
  const giveUp = attempts >= NOTIFY_MAX_ATTEMPTS;
  stmt("UPDATE notifications SET attempts = ?, last_error = ?, failed_at = ? WHERE id = ?").run(
    attempts,
    error,
    giveUp ? nowIso() : null,
    id,
  );
  if (giveUp)
    log.warn("notify", `gave up on notification ${row.event_key} after ${attempts} attempts: ${error}`);
  else schedule(id, notifyBackoffMs(attempts));
}
