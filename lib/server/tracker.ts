import "server-only";
import { MESSAGES } from "./bfl-errors";
import { sleep } from "./bfl-transport";
import { stmt } from "./db";
import { getConfig } from "./env";
import { isAppError } from "./errors";
import { finetuneRowsWithStatus, getFinetuneRow, updateFinetune } from "./finetune-repo";
import { pollFinetune, submitFinetuneRow } from "./finetune-runner";
import { generationRowsWithStatus, getGenerationRow, updateGeneration } from "./generation-repo";
import { failGeneration, pollGeneration, submitGeneration } from "./generation-runner";
import { log } from "./log";
import { startNotifier } from "./notify-delivery";
import { probeDataDir } from "./storage";

/**
 * The task tracker: the server, not the browser, follows every unfinished BFL task. One poll loop per
 * task however many browsers watch it; each status change is recorded; images are stored the moment
 * they are Ready. It keeps its own count of unfinished BFL tasks and holds further submissions as
 * `Queued` until a slot frees. State lives in SQLite, so a restart picks everything up again.
 */

const IMAGE_POLL_MS = 500;
const FINETUNE_POLL_MS = 5_000;
const MAX_ERROR_DELAY_MS = 30_000;
/** Give up on a task whose polls have failed for this long. */
const GIVE_UP_MS = 60 * 60 * 1000;
const PUMP_MS = 1_000;

interface TrackerState {
  started: boolean;
  loops: Set<string>;
  /** The last poll queued per task: polls of one task (loop or webhook) run one after another. */
  polls: Map<string, Promise<unknown>>;
  pumping: boolean;
  timer?: NodeJS.Timeout;
}

const KEY = Symbol.for("finetune-studio.tracker");
type Holder = { [KEY]?: TrackerState };

function state(): TrackerState {
  const holder = globalThis as Holder;
  holder[KEY] ??= { started: false, loops: new Set(), polls: new Map(), pumping: false };
  return holder[KEY];
}

/** Unfinished tasks at BFL that this dashboard submitted (or is submitting right now). */
export function inFlightCount(): number {
  const row = stmt(
    `SELECT
        (SELECT count(*) FROM generations WHERE status = 'Submitting'
           OR (status = 'Pending' AND (bfl_status IS NULL OR bfl_status NOT IN
               ('Ready', 'Error', 'Request Moderated', 'Content Moderated', 'Task not found'))))
      + (SELECT count(*) FROM finetunes WHERE status IN ('Submitting', 'Pending')) AS n`,
  ).get() as { n: number };
  return row.n;
}

function queuedWaiting(): boolean {
  const now = Date.now();
  const row = stmt(
    `SELECT (SELECT count(*) FROM generations WHERE status = 'Queued' AND coalesce(not_before, 0) <= ?)
            + (SELECT count(*) FROM finetunes WHERE status = 'Queued' AND coalesce(not_before, 0) <= ?) AS n`,
  ).get(now, now) as { n: number };
  return row.n > 0;
}

/**
 * May a new submission go out right now? Synchronous, so the check and the caller's insert happen
 * without another request slipping in between. Waiting queued tasks go first.
 */
export function hasFreeSlot(): boolean {
  return inFlightCount() < getConfig().maxActiveTasks && !queuedWaiting();
}

/**
 * Run one poll of a task after any poll of it already running. The tracker's loop and an inbound BFL
 * webhook may both want to poll the same task at once; each poll re-reads the row first, so the second
 * sees the result already stored and stops: an image is stored once.
 */
function serial<T>(key: string, poll: () => Promise<T>): Promise<T> {
  const polls = state().polls;
  const run = (polls.get(key) ?? Promise.resolve()).then(poll);
  const settled = run.catch(() => undefined);
  polls.set(key, settled);
  void settled.then(() => {
    if (polls.get(key) === settled) polls.delete(key);
  });
  return run;
}

/** Poll a generation now (an inbound webhook said it finished); the loop stays the fallback. */
export const confirmGeneration = (id: string) => serial(`g:${id}`, () => pollGeneration(id));
/** Poll a finetune now (an inbound webhook said it finished). */
export const confirmFinetune = (id: string) => serial(`f:${id}`, () => pollFinetune(id));

async function loop(key: string, intervalMs: number, poll: () => Promise<"pending" | "done">): Promise<void> {
  const s = state();
  if (s.loops.has(key)) return;
  s.loops.add(key);
  let failingSince: number | null = null;
  let delay = intervalMs;
  try {
    for (;;) {
      await sleep(delay);
      try {
        const outcome = await serial(key, poll);
        failingSince = null;
        delay = intervalMs;
        if (outcome === "done") return;
      } catch (err) {
        failingSince ??= Date.now();
        delay = Math.min(MAX_ERROR_DELAY_MS, Math.max(delay * 2, 1_000));
        log.warn(
          "tracker",
          `poll of ${key} failed; next try in ${delay} ms`,
          isAppError(err) ? err.code : err,
        );
        if (Date.now() - failingSince > GIVE_UP_MS) throw err;
      }
    }
  } finally {
    s.loops.delete(key);
    void pump();
  }
}

export function watchGeneration(id: string): void {
  void loop(`g:${id}`, IMAGE_POLL_MS, () => pollGeneration(id)).catch((err) => {
    log.error("tracker", `gave up on generation ${id}`, err);
    try {
      failGeneration(id, "bfl_unavailable", "BFL could not be reached for an hour; the result was given up.");
    } catch (e) {
      log.error("tracker", "could not record the failure", e);
    }
  });
}

export function watchFinetune(id: string): void {
  void loop(`f:${id}`, FINETUNE_POLL_MS, () => pollFinetune(id)).catch((err) => {
    updateFinetune(id, {
      status: "Error",
      error_code: "bfl_unavailable",
      error_message: MESSAGES.unavailable,
    });
    log.error("tracker", `gave up on finetune ${id}`, err);
  });
}

/** Send queued tasks, oldest first, while slots are free. */
export async function pump(): Promise<void> {
  const s = state();
  if (s.pumping) return;
  s.pumping = true;
  try {
    const max = getConfig().maxActiveTasks;
    for (;;) {
      if (inFlightCount() >= max) return;
      const now = Date.now();
      const gen = stmt(
        "SELECT id, seq FROM generations WHERE status = 'Queued' AND coalesce(not_before,0) <= ? ORDER BY seq LIMIT 1",
      ).get(now) as { id: string } | undefined;
      const ft = stmt(
        "SELECT id FROM finetunes WHERE status = 'Queued' AND coalesce(not_before,0) <= ? ORDER BY seq LIMIT 1",
      ).get(now) as { id: string } | undefined;
      if (ft) {
        updateFinetune(ft.id, { status: "Submitting" });
        const row = getFinetuneRow(ft.id);
        if (row)
          sendQueuedFinetune(row.id).catch((err) => log.error("tracker", "queued finetune failed", err));
      } else if (gen) {
        updateGeneration(gen.id, { status: "Submitting", not_before: null });
        sendQueuedGeneration(gen.id).catch((err) => log.error("tracker", "queued generation failed", err));
      } else {
        return;
      }
    }
  } catch (err) {
    log.error("tracker", "could not submit queued tasks", err);
  } finally {
    s.pumping = false;
  }
}

async function sendQueuedGeneration(id: string): Promise<void> {
  const row = getGenerationRow(id);
  if (!row) return;
  const outcome = await submitGeneration(row, true);
  if (outcome.kind === "submitted") watchGeneration(id);
  else if (outcome.kind === "failed") failGeneration(id, outcome.error.code, outcome.error.message);
}

async function sendQueuedFinetune(id: string): Promise<void> {
  const row = getFinetuneRow(id);
  if (!row) return;
  const outcome = await submitFinetuneRow(row, true);
  if (outcome.kind === "submitted") watchFinetune(id);
  else if (outcome.kind === "failed") {
    updateFinetune(id, {
      status: "Error",
      error_code: outcome.error.code,
      error_message: outcome.error.message,
    });
  }
}

/**
 * Start once per process (instrumentation.ts, through `ensureTracker`): tasks caught
 * mid-submit are marked unknown (never resubmitted: BFL may have them), Pending tasks are polled again,
 * queued ones are sent as slots free.
 */
export async function startTracker(): Promise<void> {
  const s = state();
  if (s.started) return;
  s.started = true;
  const problem = await probeDataDir();
  if (problem) {
    log.error(
      "tracker",
      `Storage is not usable: ${problem} The dashboard answers storage_failed until fixed.`,
    );
    s.started = false;
    return;
  }
  try {
    for (const g of generationRowsWithStatus("Submitting")) {
      failGeneration(g.id, "bfl_unknown_outcome", MESSAGES.unknownOutcome);
    }
    for (const f of finetuneRowsWithStatus("Submitting")) {
      updateFinetune(f.id, {
        status: "Error",
        error_code: "bfl_unknown_outcome",
        error_message: MESSAGES.unknownOutcome,
      });
    }
    const gens = generationRowsWithStatus("Pending");
    const fts = finetuneRowsWithStatus("Pending");
    for (const g of gens) watchGeneration(g.id);
    for (const f of fts) watchFinetune(f.id);
    if (gens.length + fts.length > 0)
      log.info("tracker", `resumed ${gens.length} generations, ${fts.length} finetunes`);
  } catch (err) {
    s.started = false;
    log.error("tracker", "could not start", err);
    return;
  }
  s.timer = setInterval(() => void pump(), PUMP_MS);
  s.timer.unref();
  void pump();
  startNotifier();
}

/** Starts the tracker unless it runs (instrumentation.ts at start-up; idempotent). */
export function ensureTracker(): void {
  if (!state().started) void startTracker();
}
