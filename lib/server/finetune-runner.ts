import "server-only";
import {
  bflTaskReason,
  type FinetuneParams,
  finetuneParamsSchema,
  isTerminalBflStatus,
  type ResultResponse,
} from "@/lib/bfl";
import { getResult, submitFinetune } from "./bfl-client";
import { webhookFieldsFor } from "./bfl-webhook-fields";
import { invalidate } from "./cache";
import { AppError } from "./errors";
import { deleteFinetuneRow, type FinetuneRow, getFinetuneRow, updateFinetune } from "./finetune-repo";
import { log } from "./log";
import { notFoundOrGiveUp } from "./not-found";
import { redactOptional } from "./redact";
import { paths, readData } from "./storage";
import { finetuneReady } from "./task-events";
import { taskKind } from "./task-pipeline";

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

/** Send a finetune already marked `Submitting` (with the ZIP when the caller holds it) and record it Pending. */
async function sendFinetune(row: FinetuneRow, heldZip?: Uint8Array): Promise<void> {
  if (!row.dataset_file) throw new AppError("storage_failed", "This finetune's dataset is not stored.");
  const zip = heldZip ?? (await readData(row.dataset_file));
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
    return notFoundOrGiveUp(finetuneKind, row, err);
  }
  if (row.not_found_since !== null) await updateFinetune(id, { not_found_since: null });
  if (!isTerminalBflStatus(res.status)) {
    const progress = typeof res.progress === "number" ? res.progress : null;
    if (progress !== row.progress) await updateFinetune(id, { progress });
    return "pending";
  }
  if (res.status === "Ready") {
    await updateFinetune(id, { status: "Ready", progress: 1 });
    finetuneReady(id);
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

/** Finetunes in the task pipeline: the dataset lies under their id. */
export const finetuneKind = taskKind<FinetuneRow, Uint8Array>("f", {
  rows: { get: getFinetuneRow, update: updateFinetune, remove: deleteFinetuneRow },
  filesOf: (id) => paths.datasetDir(id),
  run: { send: sendFinetune, poll: pollFinetune },
});
