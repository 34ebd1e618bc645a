import "server-only";
import {
  bflTaskReason,
  type FinetuneParams,
  finetuneParamsSchema,
  isTerminalBflStatus,
  type ResultResponse,
} from "@/lib/bfl";
import { getResult, submitFinetune } from "./bfl-client";
import { webhookFieldsFor } from "./bfl-webhook";
import { invalidate } from "./cache";
import { AppError } from "./errors";
import { runEvalOnReady } from "./eval-runner";
import { type FinetuneRow, getFinetuneRow, updateFinetune } from "./finetune-repo";
import type { SubmitOutcome } from "./generation-runner";
import { log } from "./log";
import { notFoundVerdict } from "./not-found";
import { redactOptional } from "./redact";
import { readData } from "./storage";
import { gaveUp, MAX_QUEUE_ATTEMPTS, requeueDelayMs, shouldRequeue } from "./submit-retry";

/** Submitting a stored dataset to BFL and following its training. */

export function rowParams(row: FinetuneRow): FinetuneParams {
  return finetuneParamsSchema.parse({
    finetune_comment: row.finetune_comment,
    mode: row.mode,
    trigger_word: row.trigger_word,
    iterations: row.iterations ?? undefined,
    learning_rate: row.learning_rate,
    captioning: row.captioning === null ? undefined : row.captioning === 1,
    priority: row.priority ?? undefined,
    finetune_type: row.finetune_type,
    lora_rank: row.lora_rank ?? undefined,
  });
}

/** Send a finetune already marked `Submitting` (see `submitGeneration` for the outcomes). */
export async function submitFinetuneRow(row: FinetuneRow, fromQueue: boolean): Promise<SubmitOutcome> {
  try {
    if (!row.dataset_file) throw new AppError("storage_failed", "This finetune's dataset is not stored.");
    const zip = await readData(row.dataset_file);
    if (!zip) throw new AppError("storage_failed", "This finetune's stored dataset is missing.");
    const res = await submitFinetune(
      rowParams(row),
      Buffer.from(zip).toString("base64"),
      await webhookFieldsFor(row.id),
    );
    await updateFinetune(row.id, {
      status: "Pending",
      bfl_id: res.finetune_id,
      polling_url: res.polling_url,
      progress: null,
    });
    invalidate("bfl:list");
    return { kind: "submitted" };
  } catch (err) {
    const error =
      err instanceof AppError
        ? err
        : new AppError("internal", "The finetune could not be submitted.", { cause: err });
    if (!shouldRequeue(error, fromQueue)) return { kind: "failed", error };
    if (row.attempts >= MAX_QUEUE_ATTEMPTS) return { kind: "failed", error: gaveUp(error, row.attempts) };
    const delay = requeueDelayMs(error, row.attempts, 2_000);
    await updateFinetune(
      row.id,
      { status: "Queued", not_before: Date.now() + delay, attempts: row.attempts + 1 },
      error.code,
    );
    return { kind: "requeued", error };
  }
}

/** One poll of a training finetune: "pending" to poll again, "done" once Ready or failed. */
export async function pollFinetune(id: string): Promise<"pending" | "done"> {
  const row = await getFinetuneRow(id);
  if (row?.status !== "Pending" || !row.bfl_id) return "done";
  let res: ResultResponse;
  try {
    res = await getResult(row.bfl_id, row.polling_url);
  } catch (err) {
    if (!(err instanceof AppError && err.code === "bfl_not_found" && row.polling_url)) throw err;
    // Only a task's own polling host counts: without one, get_result answers for the finetune id.
    const verdict = notFoundVerdict(row.not_found_since, row.polling_url);
    if (row.not_found_since === null) await updateFinetune(id, { not_found_since: verdict.since });
    if (!verdict.giveUp) throw err;
    await updateFinetune(id, {
      status: "Error",
      error_code: "bfl_not_found",
      error_message: verdict.message,
    });
    return "done";
  }
  if (row.not_found_since !== null) await updateFinetune(id, { not_found_since: null });
  if (!isTerminalBflStatus(res.status)) {
    const progress = typeof res.progress === "number" ? res.progress : null;
    if (progress !== row.progress) await updateFinetune(id, { progress });
    return "pending";
  }
  if (res.status === "Ready") {
    await updateFinetune(id, { status: "Ready", progress: 1 });
    runEvalOnReady(id);
  } else {
    log.warn("tracker", `finetune ${id} ended with BFL status ${res.status}`);
    const reason = redactOptional(bflTaskReason(res));
    const message =
      res.status === "Task not found"
        ? "BFL no longer knows this training task."
        : reason
          ? `BFL could not train this finetune: ${reason}`
          : "BFL could not train this finetune (its task ended in Error). Check the dataset and try again.";
    await updateFinetune(
      id,
      { status: "Error", error_code: "bfl_task_failed", error_message: message },
      res.status,
    );
  }
  invalidate("bfl:");
  return "done";
}
