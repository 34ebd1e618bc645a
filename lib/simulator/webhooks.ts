import type { WebhookShape } from "../bfl/webhook";
import { signatureHeader } from "../node/webhook-signature";
import type { Sim } from "./context";
import { resultFor, type SimResultBody } from "./results";
import type { TaskWebhook } from "./store";
import { finetuneView, inferenceView } from "./tasks";

/**
 * Webhooks the way BFL (probably) sends them: when a task given a `webhook_url` ends, its result is
 * POSTed there once, in one of the two shapes a receiver must accept (lib/bfl/webhook.ts), alternating
 * by default (SIMULATOR_WEBHOOK_SHAPE). A failed delivery is tried again a few times. Whether a task's
 * webhook went out is kept in the state file, so a restart sends what it owed and nothing twice.
 */

const ATTEMPTS = 4;
const TIMEOUT_MS = 10_000;
/** Deliveries kept for `GET /_simulator/webhooks`. */
const LOG_SIZE = 200;

/** Read the caller's webhook fields of a validated request (never stored with the task's params). */
export function webhookOf(
  input: { webhook_url?: string | null; webhook_secret?: string | null },
  origin: string,
) {
  return input.webhook_url
    ? { url: input.webhook_url, secret: input.webhook_secret ?? null, origin, sent: false }
    : undefined;
}

function taskOf(sim: Sim, id: string) {
  const ft = sim.store.state.finetunes.get(id);
  if (ft) return { webhook: ft.webhook, doneAt: finetuneView(ft, sim.now()).doneAt };
  const task = sim.store.state.tasks.get(id);
  if (task) return { webhook: task.webhook, doneAt: inferenceView(task, sim.now()).doneAt };
  return undefined;
}

function nextShape(sim: Sim): WebhookShape {
  const mode = sim.cfg.webhookShape;
  if (mode !== "alternate") return mode;
  return sim.webhooks.sent++ % 2 === 0 ? "signed" : "legacy";
}

/** The request body and headers of one shape, for a finished task. */
export function webhookRequest(
  shape: WebhookShape,
  result: SimResultBody,
  secret: string | null,
  now: number,
): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "bfl-webhook" };
  if (shape === "signed") {
    const body = JSON.stringify({
      id: result.id,
      status: result.status,
      result: result.result,
      timestamp: Math.floor(now / 1000),
    });
    if (secret) headers["x-bfl-signature"] = signatureHeader(secret, body);
    return { body, headers };
  }
  const sample = result.result as { sample?: unknown; prompt?: unknown } | null;
  const body = JSON.stringify({
    task_id: result.id,
    status: result.status === "Ready" ? "SUCCESS" : result.status,
    result: sample ? { sample: sample.sample, prompt: sample.prompt } : null,
  });
  if (secret) headers["x-webhook-secret"] = secret;
  return { body, headers };
}

async function post(
  url: string,
  req: { body: string; headers: Record<string, string> },
): Promise<number | null> {
  try {
    const res = await fetch(url, {
      method: "POST",
      ...req,
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {});
    return res.status;
  } catch {
    return null;
  }
}

async function deliver(sim: Sim, id: string, hook: TaskWebhook): Promise<void> {
  const result = resultFor(sim, id, hook.origin).body;
  const shape = nextShape(sim);
  let answered: number | null = null;
  let attempts = 0;
  for (; attempts < ATTEMPTS; ) {
    attempts++;
    answered = await post(hook.url, webhookRequest(shape, result, hook.secret, sim.now()));
    if (answered !== null && answered >= 200 && answered < 300) break;
    if (attempts < ATTEMPTS) await new Promise((r) => setTimeout(r, 500 * 2 ** attempts));
  }
  hook.sent = true;
  sim.store.save();
  sim.webhooks.log.push({
    task_id: id,
    url: hook.url,
    shape,
    status: result.status,
    attempts,
    answered,
    at: new Date(sim.now()).toISOString(),
  });
  if (sim.webhooks.log.length > LOG_SIZE) sim.webhooks.log.shift();
}

/** (Re)arm the webhook of task `id`: sent when the task ends, at once if it already has. */
export function armWebhook(sim: Sim, id: string): void {
  const found = taskOf(sim, id);
  const hook = found?.webhook;
  // A held training has no end yet: `…/complete` arms its webhook.
  if (!found || !hook || hook.sent || !Number.isFinite(found.doneAt)) return;
  const old = sim.webhooks.timers.get(id);
  if (old) clearTimeout(old);
  const timer = setTimeout(
    () => {
      sim.webhooks.timers.delete(id);
      const now = taskOf(sim, id);
      if (!now?.webhook || now.webhook.sent || sim.webhooks.delivering.has(id)) return;
      if (now.doneAt > sim.now()) return armWebhook(sim, id);
      sim.webhooks.delivering.add(id);
      void deliver(sim, id, now.webhook)
        .catch((err) => console.error(`simulator: webhook of ${id} failed: ${String(err)}`))
        .finally(() => sim.webhooks.delivering.delete(id));
    },
    Math.max(0, found.doneAt - sim.now()),
  );
  timer.unref();
  sim.webhooks.timers.set(id, timer);
}

/** After a restart: arm every webhook still owed. */
export function resumeWebhooks(sim: Sim): void {
  for (const id of [...sim.store.state.finetunes.keys(), ...sim.store.state.tasks.keys()])
    armWebhook(sim, id);
}

export function clearWebhooks(sim: Sim): void {
  for (const t of sim.webhooks.timers.values()) clearTimeout(t);
  sim.webhooks.timers.clear();
  sim.webhooks.delivering.clear();
  sim.webhooks.log = [];
  sim.webhooks.sent = 0;
}
