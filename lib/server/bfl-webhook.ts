import "server-only";
import {
  BFL_SECRET_HEADER,
  BFL_SIGNATURE_HEADER,
  bflWebhookSchema,
  webhookStatus,
  webhookTaskId,
} from "@/lib/bfl/webhook";
import { webhookAuthentic } from "@/lib/node/webhook-signature";
import { getDb } from "./db";
import { AppError } from "./errors";
import { getFinetuneRow } from "./finetune-repo";
import { getGenerationRow } from "./generation-repo";
import { describeIssues } from "./http";
import { log } from "./log";
import { confirmFinetune, confirmGeneration } from "./tracker";

/**
 * Inbound BFL webhooks (only when PUBLIC_URL is set). Each submission carries its own random secret,
 * kept in `bfl_webhook_secrets` under our task id (`bfl-webhook-fields.ts` writes it). A webhook only
 * ever triggers a poll through the task's `polling_url` (the same one the tracker runs): its body is
 * never trusted for the result, since anyone may post to a public URL and BFL's links expire anyway.
 * Polling stays the fallback.
 */

const refused = () =>
  new AppError(
    "unauthorized",
    "This webhook is not signed with the secret sent for this task; it was ignored.",
  );

/**
 * Check a webhook for our task `id` and, when authentic, poll the task now in the background. Returns the
 * task kind; throws `unauthorized` (wrong or missing secret, unknown task: indistinguishable on purpose)
 * or `bad_request` (not a BFL webhook body, or one naming another task).
 */
export async function receiveBflWebhook(
  id: string,
  rawBody: string,
  headers: Headers,
): Promise<{ kind: "generation" | "finetune"; status: string }> {
  const db = await getDb();
  const row = await db
    .selectFrom("bfl_webhook_secrets")
    .select("secret")
    .where("task_id", "=", id)
    .executeTakeFirst();
  const proof = { signature: headers.get(BFL_SIGNATURE_HEADER), secret: headers.get(BFL_SECRET_HEADER) };
  if (!row || !webhookAuthentic(row.secret, rawBody, proof)) throw refused();

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("bad_request", "The webhook body is not valid JSON.");
  }
  const parsed = bflWebhookSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError("bad_request", `Not a BFL webhook: ${describeIssues(parsed.error)}.`);
  const taskId = webhookTaskId(parsed.data);
  if (!taskId) throw new AppError("bad_request", "Not a BFL webhook: it names no task (id or task_id).");

  const gen = await getGenerationRow(id);
  const ft = gen ? undefined : await getFinetuneRow(id);
  const bflId = gen?.bfl_task_id ?? ft?.bfl_id;
  if (!gen && !ft) throw refused();
  if (bflId !== taskId)
    throw new AppError("bad_request", "This webhook names another BFL task than the one it was sent for.");

  const confirm = gen ? confirmGeneration(id) : confirmFinetune(id);
  confirm.catch((err) =>
    log.warn("webhook", `confirming ${id} by polling failed; the tracker keeps polling`, err),
  );
  return { kind: gen ? "generation" : "finetune", status: webhookStatus(parsed.data) };
}
