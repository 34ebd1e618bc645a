/**
 * The outbound notification's JSON (isomorphic, unit-tested). Slack incoming webhooks read `text`,
 * Discord webhooks read `content`; both ignore the other fields, which carry the event for receivers
 * of our own.
 */

export type NotifyKind = "finetune.ready" | "finetune.error";

export interface NotifyEvent {
  /** Unique per event: the same key is delivered once. */
  key: string;
  kind: NotifyKind;
  finetune_id: string;
  title: string;
  detail: string;
}

export function notificationBody(e: NotifyEvent, at: string): string {
  const text = `${e.title}. ${e.detail}`.slice(0, 1_900);
  return JSON.stringify({
    text,
    content: text,
    event: { id: e.key, kind: e.kind, finetune_id: e.finetune_id, title: e.title, detail: e.detail, at },
  });
}

/** Delay before retry `attempt` (1-based) after a failed delivery: base × 2^(attempt-1), capped. */
export function notifyBackoffMs(attempt: number, baseMs = 1_000, capMs = 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export const NOTIFY_MAX_ATTEMPTS = 6;
export const SIGNATURE_HEADER = "X-Finetune-Studio-Signature";
export const EVENT_HEADER = "X-Finetune-Studio-Event";
