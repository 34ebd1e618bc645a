import "server-only";
import { MESSAGES } from "./bfl-errors";
import { AppError } from "./errors";
import type { TaskPrefix } from "./lease-repo";
import { log } from "./log";
import { removeData } from "./storage";
import { gaveUp, MAX_QUEUE_ATTEMPTS, requeueDelayMs, shouldRequeue } from "./submit-retry";

/**
 * One submit → poll → store pipeline for every kind of BFL task. A kind says how to send, poll and
 * record its own rows; what happens when a submission fails (queue again, keep as Error, or forget it)
 * is decided here once, for all kinds. The tracker (tracker*.ts) runs the polls and the queue.
 */

export type PollOutcome = "pending" | "done";

interface TaskRow {
  id: string;
  attempts: number;
}

/** The columns the pipeline itself writes. */
export interface TaskPatch {
  status?: "Queued" | "Submitting" | "Error";
  not_before?: number | null;
  attempts?: number;
  error_code?: string;
  error_message?: string;
  not_found_since?: number | null;
}

/** What sets the kinds apart besides their code, by the prefix of their lease key. */
const KIND_SETTINGS = {
  // Training takes minutes, so a poll every 5 s.
  f: { noun: "finetune", pollMs: 5_000, requeueBaseMs: 2_000, unreachable: MESSAGES.unavailable },
  g: {
    noun: "generation",
    pollMs: 500,
    requeueBaseMs: 1_000,
    unreachable: "BFL could not be reached for an hour; the result was given up.",
  },
} as const;

export interface TaskKind<Row extends TaskRow = TaskRow, Held = unknown> {
  prefix: TaskPrefix;
  noun: "generation" | "finetune";
  pollMs: number;
  /** First delay when a submission goes back to the queue without a Retry-After. */
  requeueBaseMs: number;
  /** The error message of a task whose polls failed for an hour. */
  unreachable: string;
  get(id: string): Promise<Row | undefined>;
  /**
   * Send a row already marked `Submitting` and record it `Pending`. `held`: the inputs the caller still
   * has in memory (an immediate submit), so they are not read back from storage.
   */
  send(row: Row, held?: Held): Promise<void>;
  /** One poll: "pending" to poll again, "done" once it reached a final status. */
  poll(id: string): Promise<PollOutcome>;
  update(id: string, patch: TaskPatch, detail?: string): Promise<void>;
  /** Remove the row and its stored files: a submission BFL certainly never took. */
  discard(id: string): Promise<void>;
}

/** A kind's table: its rows' read, update and delete. */
export interface TaskRows<Row> {
  get(id: string): Promise<Row | undefined>;
  update(id: string, patch: TaskPatch, detail?: string): Promise<unknown>;
  remove(id: string): Promise<void>;
}

/** A kind from its table, the folder its files live in, and how it sends and polls. */
export function taskKind<Row extends TaskRow, Held>(
  prefix: TaskPrefix,
  spec: {
    rows: TaskRows<Row>;
    filesOf: (id: string) => string;
    run: Pick<TaskKind<Row, Held>, "send" | "poll">;
  },
): TaskKind<Row, Held> {
  return {
    prefix,
    ...KIND_SETTINGS[prefix],
    ...spec.run,
    get: (id) => spec.rows.get(id),
    update: async (id, patch, detail) => {
      await spec.rows.update(id, patch, detail);
    },
    discard: async (id) => {
      await spec.rows.remove(id);
      await removeData(spec.filesOf(id));
    },
  };
}

export type SubmitOutcome =
  | { kind: "submitted" }
  | { kind: "requeued"; error: AppError }
  | { kind: "failed"; error: AppError };

/** Errors after which BFL may hold the task: the row is kept (as Error), never resubmitted. */
export const KEEP_ON_FAILURE = new Set(["bfl_unknown_outcome", "bfl_bad_response"]);

/**
 * Send a task marked `Submitting`. A failure BFL certainly did not act on (429, 503; from the queue also
 * a refused connection) puts it back in the queue with a delay, a bounded number of times (see
 * submit-retry.ts); anything else is returned as failed.
 */
export async function submitTask<Row extends TaskRow, Held>(
  kind: TaskKind<Row, Held>,
  row: Row,
  fromQueue: boolean,
  held?: Held,
): Promise<SubmitOutcome> {
  try {
    await kind.send(row, held);
    return { kind: "submitted" };
  } catch (err) {
    if (!(err instanceof AppError)) log.error("tracker", `submitting ${kind.noun} ${row.id} failed`, err);
    const error =
      err instanceof AppError
        ? err
        : new AppError("internal", `The ${kind.noun} could not be submitted.`, { cause: err });
    if (!shouldRequeue(error, fromQueue)) return { kind: "failed", error };
    if (row.attempts >= MAX_QUEUE_ATTEMPTS) return { kind: "failed", error: gaveUp(error, row.attempts) };
    const delay = requeueDelayMs(error, row.attempts, kind.requeueBaseMs);
    await kind.update(
      row.id,
      { status: "Queued", not_before: Date.now() + delay, attempts: row.attempts + 1 },
      error.code,
    );
    return { kind: "requeued", error };
  }
}

/**
 * A submission that failed for good. From the queue the row stays (as Error: the person asked for it a
 * while ago and looks for it). Submitted at once, the request itself answers with the error, so the row
 * is forgotten unless BFL may hold the task (`KEEP_ON_FAILURE`).
 */
export async function settleFailure(
  kind: TaskKind,
  id: string,
  error: AppError,
  fromQueue: boolean,
): Promise<void> {
  if (fromQueue || KEEP_ON_FAILURE.has(error.code)) {
    await kind.update(
      id,
      { status: "Error", error_code: error.code, error_message: error.message },
      error.code,
    );
  } else {
    await kind.discard(id);
  }
}
