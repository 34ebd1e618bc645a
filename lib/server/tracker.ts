import "server-only";
import { sql } from "kysely";
import { MESSAGES } from "./bfl-errors";
import { sleep } from "./bfl-transport";
import { getDb } from "./db";
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
  /** `withSlot` callers, one after another. */
  slotChain: Promise<unknown>;
  timer?: NodeJS.Timeout;
}

const KEY = Symbol.for("finetune-studio.tracker");
type Holder = { [KEY]?: TrackerState };

function state(): TrackerState {
  const holder = globalThis as Holder;
  holder[KEY] ??= {
    started: false,
    loops: new Set(),
    polls: new Map(),
    pumping: false,
    slotChain: Promise.resolve(),
  };
  return holder[KEY];
}

/** BFL statuses after which a task no longer counts against the account's limit. */
const ENDED_AT_BFL = ["Ready", "Error", "Request Moderated", "Content Moderated", "Task not found"];

/** Unfinished tasks at BFL that this dashboard submitted (or is submitting right now). */
export async function inFlightCount(): Promise<number> {
  const db = await getDb();
  const [gens, fts] = await Promise.all([
    db
      .selectFrom("generations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((w) =>
        w.or([
          w("status", "=", "Submitting"),
          w.and([
            w("status", "=", "Pending"),
            w.or([w("bfl_status", "is", null), w("bfl_status", "not in", ENDED_AT_BFL)]),
          ]),
        ]),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("finetunes")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "in", ["Submitting", "Pending"])
      .executeTakeFirstOrThrow(),
  ]);
  return Number(gens.n) + Number(fts.n);
}

async function queuedWaiting(): Promise<boolean> {
  return (await nextQueued("generations")) !== undefined || (await nextQueued("finetunes")) !== undefined;
}

/** The oldest queued task of a table whose retry time has come. */
async function nextQueued(table: "generations" | "finetunes"): Promise<{ id: string } | undefined> {
  const db = await getDb();
  return db
    .selectFrom(table)
    .select("id")
    .where("status", "=", "Queued")
    .where(sql<number>`coalesce(not_before, 0)`, "<=", Date.now())
    .orderBy("seq")
    .limit(1)
    .executeTakeFirst();
}

/** May a new submission go out right now? Waiting queued tasks go first. */
export async function hasFreeSlot(): Promise<boolean> {
  return (await inFlightCount()) < getConfig().maxActiveTasks && !(await queuedWaiting());
}

/**
 * Check for a free slot and record the task (`Submitting` or `Queued`) in `record`, one caller at a
 * time in this process, so two requests cannot both take the last slot between check and insert.
 */
export function withSlot<T>(record: (free: boolean) => Promise<T>): Promise<T> {
  return slotLock(async () => record(await hasFreeSlot()));
}

/** Run `fn` after every earlier slot decision of this process has been recorded. */
function slotLock<T>(fn: () => Promise<T>): Promise<T> {
  const s = state();
  const run = s.slotChain.then(fn);
  s.slotChain = run.catch(() => undefined);
  return run;
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
  void loop(`g:${id}`, IMAGE_POLL_MS, () => pollGeneration(id)).catch(async (err) => {
    log.error("tracker", `gave up on generation ${id}`, err);
    try {
      await failGeneration(
        id,
        "bfl_unavailable",
        "BFL could not be reached for an hour; the result was given up.",
      );
    } catch (e) {
      log.error("tracker", "could not record the failure", e);
    }
  });
}

export function watchFinetune(id: string): void {
  void loop(`f:${id}`, FINETUNE_POLL_MS, () => pollFinetune(id)).catch(async (err) => {
    log.error("tracker", `gave up on finetune ${id}`, err);
    await updateFinetune(id, {
      status: "Error",
      error_code: "bfl_unavailable",
      error_message: MESSAGES.unavailable,
    }).catch((e) => log.error("tracker", "could not record the failure", e));
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
      const picked = await slotLock(async () => {
        if ((await inFlightCount()) >= max) return null;
        const ft = await nextQueued("finetunes");
        if (ft) {
          await updateFinetune(ft.id, { status: "Submitting" });
          return { kind: "finetune", id: ft.id } as const;
        }
        const gen = await nextQueued("generations");
        if (gen) {
          await updateGeneration(gen.id, { status: "Submitting", not_before: null });
          return { kind: "generation", id: gen.id } as const;
        }
        return null;
      });
      if (!picked) return;
      if (picked.kind === "finetune")
        sendQueuedFinetune(picked.id).catch((err) => log.error("tracker", "queued finetune failed", err));
      else
        sendQueuedGeneration(picked.id).catch((err) => log.error("tracker", "queued generation failed", err));
    }
  } catch (err) {
    log.error("tracker", "could not submit queued tasks", err);
  } finally {
    s.pumping = false;
  }
}

async function sendQueuedGeneration(id: string): Promise<void> {
  const row = await getGenerationRow(id);
  if (!row) return;
  const outcome = await submitGeneration(row, true);
  if (outcome.kind === "submitted") watchGeneration(id);
  else if (outcome.kind === "failed") await failGeneration(id, outcome.error.code, outcome.error.message);
}

async function sendQueuedFinetune(id: string): Promise<void> {
  const row = await getFinetuneRow(id);
  if (!row) return;
  const outcome = await submitFinetuneRow(row, true);
  if (outcome.kind === "submitted") watchFinetune(id);
  else if (outcome.kind === "failed") {
    await updateFinetune(id, {
      status: "Error",
      error_code: outcome.error.code,
      error_message: outcome.error.message,
    });
  }
}

/**
 * Start once per process (from instrumentation.ts, and lazily from the API routes): tasks caught
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
      `DATA_DIR is not usable: ${problem} The dashboard answers storage_failed until fixed.`,
    );
    s.started = false;
    return;
  }
  try {
    for (const g of await generationRowsWithStatus("Submitting")) {
      await failGeneration(g.id, "bfl_unknown_outcome", MESSAGES.unknownOutcome);
    }
    for (const f of await finetuneRowsWithStatus("Submitting")) {
      await updateFinetune(f.id, {
        status: "Error",
        error_code: "bfl_unknown_outcome",
        error_message: MESSAGES.unknownOutcome,
      });
    }
    const gens = await generationRowsWithStatus("Pending");
    const fts = await finetuneRowsWithStatus("Pending");
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

/** Called by every API route: starts the tracker if instrumentation did not (or could not). */
export function ensureTracker(): void {
  if (!state().started) void startTracker();
}
