import "server-only";
import { signatureHeader } from "@/lib/node/webhook-signature";
import {
  MAX_NOTIFY_ATTEMPTS,
  NOTIFY_EVENT_HEADER,
  NOTIFY_SIGNATURE_HEADER,
  NOTIFY_TIMESTAMP_HEADER,
  retryDelayMs,
  signedText,
} from "@/lib/notify/message";
import { getConfig } from "./env";
import { log } from "./log";
import {
  claimOutboxRow,
  dueOutboxRows,
  markDelivered,
  markFailedAttempt,
  type OutboxRow,
  onEnqueued,
} from "./notify-outbox";

/**
 * Sends the outbox to NOTIFY_WEBHOOK_URL. Runs beside the task tracker and never inside it: a slow or
 * hanging receiver holds only its own request (with a timeout), never a poll. Failures are retried with
 * backoff (`retryDelayMs`, honouring Retry-After) and given up after MAX_NOTIFY_ATTEMPTS.
 */

const TICK_MS = 1_000;
const TIMEOUT_MS = 10_000;
/** A claimed row is due again this long after the request's timeout (its instance died mid-send). */
const CLAIM_SLACK_MS = 5_000;
const BATCH = 10;

interface NotifierState {
  started: boolean;
  ticking: boolean;
  sending: Set<number>;
  timer?: NodeJS.Timeout;
}

const KEY = Symbol.for("finetune-studio.notifier");
type Holder = { [KEY]?: NotifierState };

function state(): NotifierState {
  const holder = globalThis as Holder;
  holder[KEY] ??= { started: false, ticking: false, sending: new Set() };
  return holder[KEY];
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

async function deliver(row: OutboxRow, url: string, secret: string | undefined): Promise<void> {
  const attempts = row.attempts + 1;
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "FinetuneStudio-Notify/1",
    [NOTIFY_EVENT_HEADER]: row.event_id,
    [NOTIFY_TIMESTAMP_HEADER]: String(timestamp),
  };
  if (secret) headers[NOTIFY_SIGNATURE_HEADER] = signatureHeader(secret, signedText(timestamp, row.body));
  let problem: string;
  let asked: number | undefined;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body: row.body,
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {});
    if (res.ok) {
      await markDelivered(row.id, attempts);
      return;
    }
    problem = `the receiver answered HTTP ${res.status}`;
    if (res.status === 429 || res.status === 503) asked = retryAfterMs(res.headers.get("retry-after"));
  } catch (err) {
    problem =
      err instanceof Error && err.name === "TimeoutError"
        ? `the receiver did not answer within ${TIMEOUT_MS / 1000} s`
        : "the receiver could not be reached";
  }
  const giveUp = attempts >= MAX_NOTIFY_ATTEMPTS;
  const retryAt = giveUp ? null : Date.now() + retryDelayMs(row.attempts, asked);
  await markFailedAttempt(row.id, attempts, problem, retryAt);
  if (giveUp)
    log.error("notify", `gave up on notification ${row.event_id} after ${attempts} attempts: ${problem}`);
  else log.warn("notify", `notification ${row.event_id} attempt ${attempts} failed (${problem}); retrying`);
}

async function tick(): Promise<void> {
  const s = state();
  const { notifyWebhookUrl: url, notifyWebhookSecret: secret } = getConfig();
  if (s.ticking || !url) return;
  s.ticking = true;
  try {
    const now = Date.now();
    for (const row of await dueOutboxRows(now, BATCH)) {
      if (s.sending.has(row.id)) continue;
      if (!(await claimOutboxRow(row.id, now, now + TIMEOUT_MS + CLAIM_SLACK_MS))) continue;
      s.sending.add(row.id);
      deliver(row, url, secret)
        .catch((err) => log.error("notify", "could not record a delivery", err))
        .finally(() => s.sending.delete(row.id));
    }
  } catch (err) {
    log.error("notify", "could not read the notification outbox", err);
  } finally {
    s.ticking = false;
  }
}

/** Start once per process (with the tracker). Pending rows from before a restart are sent again. */
export function startNotifier(): void {
  const s = state();
  if (s.started || !getConfig().notifyWebhookUrl) return;
  s.started = true;
  onEnqueued(() => void tick());
  s.timer = setInterval(() => void tick(), TICK_MS);
  s.timer.unref();
  void tick();
}
