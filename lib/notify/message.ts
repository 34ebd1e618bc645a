/**
 * The outbound notification body: one JSON document that Slack's and Discord's incoming webhooks both
 * accept (Slack reads `text`, Discord reads `content`, both ignore the rest) and that any other receiver
 * can read through the structured `event`. Pure, so it is unit-tested.
 */

export interface FinetuneEndedSubject {
  id: string;
  bfl_id: string | null;
  comment: string;
  trigger_word: string;
  status: "Ready" | "Error";
  error: { code: string; message: string } | null;
}

export interface JobEndedSubject {
  /** What kind of long job: a strength sweep, a comparison, an eval set. */
  kind: string;
  id: string;
  total: number;
  ready: number;
  failed: number;
}

export type NotifyEventInput =
  | { type: "finetune.ready" | "finetune.failed"; finetune: FinetuneEndedSubject }
  | { type: "job.finished"; job: JobEndedSubject };

export type NotifyEvent = NotifyEventInput & { id: string; created_at: string; url: string | null };

export interface NotifyBody {
  text: string;
  content: string;
  event: NotifyEvent;
}

/** Discord refuses `content` over 2,000 characters; Slack's limit is higher. */
export const MAX_TEXT = 2_000;

/** Once-per-event key: the same subject ending the same way is one event, however often it is seen. */
export function eventKey(e: NotifyEventInput): string {
  return e.type === "job.finished" ? `job:${e.job.kind}:${e.job.id}` : `${e.type}:${e.finetune.id}`;
}

/** Where the person can look at the subject, when the dashboard has a public address. */
export function subjectUrl(e: NotifyEventInput, publicUrl: string | undefined): string | null {
  if (!publicUrl) return null;
  return e.type === "job.finished"
    ? `${publicUrl}/gallery?q=${encodeURIComponent(e.job.id)}`
    : `${publicUrl}/finetunes/${encodeURIComponent(e.finetune.id)}`;
}

/** Slack's and Discord's markup characters would turn a finetune's name into formatting or mentions. */
function plain(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, " ")
    .replace(/[<>*_~`|@]/g, "")
    .trim();
}

export function notifyText(e: NotifyEventInput, url: string | null): string {
  let line: string;
  if (e.type === "job.finished") {
    const { kind, total, ready, failed } = e.job;
    line = `Finetune Studio: ${plain(kind)} finished: ${ready} of ${total} images ready${failed ? `, ${failed} failed` : ""}.`;
  } else {
    const name = `"${plain(e.finetune.comment) || e.finetune.id}"`;
    line =
      e.type === "finetune.ready"
        ? `Finetune Studio: finetune ${name} is Ready (trigger: ${plain(e.finetune.trigger_word) || "none"}).`
        : `Finetune Studio: finetune ${name} failed: ${plain(e.finetune.error?.message ?? "unknown error")}`;
  }
  const full = url ? `${line} ${url}` : line;
  return full.length > MAX_TEXT ? `${full.slice(0, MAX_TEXT - 1)}…` : full;
}

export function notifyBody(
  e: NotifyEventInput,
  meta: { id: string; created_at: string; publicUrl: string | undefined },
): NotifyBody {
  const url = subjectUrl(e, meta.publicUrl);
  const text = notifyText(e, url);
  return { text, content: text, event: { ...e, id: meta.id, created_at: meta.created_at, url } };
}

/** Delay before attempt `attempts + 1`: 1 s, 2 s, 4 s … capped at 10 minutes; a receiver's Retry-After wins. */
export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(10 * 60_000, 1_000 * 2 ** Math.min(attempts, 20));
  return retryAfterMs === undefined ? backoff : Math.min(60 * 60_000, Math.max(1_000, retryAfterMs));
}

/** Attempts before an event is given up (about 1.5 hours of retrying). */
export const MAX_NOTIFY_ATTEMPTS = 15;

/** Headers that prove the body came from this dashboard: HMAC over `<timestamp>.<body>`. */
export const NOTIFY_SIGNATURE_HEADER = "X-Finetune-Studio-Signature";
export const NOTIFY_TIMESTAMP_HEADER = "X-Finetune-Studio-Timestamp";
export const NOTIFY_EVENT_HEADER = "X-Finetune-Studio-Event";

export function signedText(timestamp: number, body: string): string {
  return `${timestamp}.${body}`;
}
