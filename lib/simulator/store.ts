import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { InferenceEndpoint } from "../bfl/inference";
import type { OutputImageFormat } from "./render";

/**
 * The simulator's whole state as one JSON file in the data folder, written atomically (temp file +
 * rename) after every change. Statuses are not stored: they are computed from timestamps, so a restart
 * resumes training exactly where the clock says it is.
 */

export interface StoredFinetuneParams {
  finetune_comment: string;
  trigger_word: string;
  mode: string;
  finetune_type: string;
  lora_rank: number;
  iterations: number;
  learning_rate: number;
  priority: "speed" | "quality" | "high_res_only";
  captioning: boolean;
}

/** Where to POST a task's result when it ends (the request's `webhook_url`/`webhook_secret`). */
export interface TaskWebhook {
  url: string;
  secret: string | null;
  /** Origin of the submitting request, for the result link in the body. */
  origin: string;
  sent: boolean;
}

export interface FinetuneTask {
  id: string;
  createdAt: number;
  durationMs: number;
  params: StoredFinetuneParams;
  imageCount: number;
  /** Set at submission when the dataset will fail training (shown after part of the training time). */
  datasetError: string | null;
  /** Set by `POST /_simulator/finetunes/<id>/fail`. */
  forcedError: string | null;
  /** Set by `POST /_simulator/tasks/<id>/complete`. */
  completedAt: number | null;
  /** Submitted while trainings were held (`POST /_simulator/pace`): Pending until completed. */
  held?: boolean;
  webhook?: TaskWebhook | undefined;
}

export interface InferenceTask {
  id: string;
  endpoint: InferenceEndpoint;
  /** A FLUX.1 finetune's UUID, or a LoRA name / `org-id/name` (klein). */
  finetuneId: string;
  createdAt: number;
  durationMs: number;
  /** The request without its base64 images (those live as files next to the result). */
  params: Record<string, unknown>;
  prompt: string;
  seed: number;
  outputFormat: OutputImageFormat;
  width: number;
  height: number;
  moderation: "request" | "content" | null;
  completedAt: number | null;
  /** Names of the image inputs saved under `tasks/<id>/`. */
  inputs: string[];
  webhook?: TaskWebhook | undefined;
  /** Submitted under the live profile: polled on the regional listener, `Generating`, `cost` reported. */
  live?: boolean;
  /** live: time in `Generating` after the `Pending` time. */
  generatingMs?: number;
  /** Ends as Error, answered with this HTTP status (SIMULATOR_ERROR_SHARE or a prompt word). */
  failure?: TaskFailure | null;
  /** Credits charged, and the megapixels BFL bills (reported in live). */
  cost?: number;
  inputMp?: number;
  outputMp?: number;
}

export interface TaskFailure {
  status: 422 | 503;
  error: string;
}

export interface SimulatorState {
  version: 1;
  credits: number;
  /** Signs result links; random per data folder, kept across restarts so links stay valid. */
  signingKey: string;
  /** Maps, not objects: ids come from requests, and `toString` or `__proto__` must not find anything. */
  finetunes: Map<string, FinetuneTask>;
  tasks: Map<string, InferenceTask>;
  /** Inference submissions so far (picks which ones SIMULATOR_ERROR_SHARE fails). */
  submitted: number;
}

/** The state as written to `state.json`. */
interface StoredState {
  version: 1;
  credits: number;
  signingKey: string;
  finetunes: Record<string, FinetuneTask>;
  tasks: Record<string, InferenceTask>;
  submitted?: number;
}

export class Store {
  state: SimulatorState;
  private readonly file: string;

  constructor(
    readonly dataDir: string,
    private readonly startingCredits: number,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, "state.json");
    this.state = this.load() ?? this.fresh(startingCredits);
    this.save();
  }

  private fresh(credits: number): SimulatorState {
    return {
      version: 1,
      credits,
      signingKey: randomBytes(32).toString("hex"),
      finetunes: new Map(),
      tasks: new Map(),
      submitted: 0,
    };
  }

  private load(): SimulatorState | null {
    if (!existsSync(this.file)) return null;
    try {
      const data = JSON.parse(readFileSync(this.file, "utf8")) as StoredState;
      if (data.version !== 1 || typeof data.signingKey !== "string") throw new Error("unknown state version");
      return {
        ...data,
        finetunes: new Map(Object.entries(data.finetunes)),
        tasks: new Map(Object.entries(data.tasks)),
        submitted: data.submitted ?? 0,
      };
    } catch (err) {
      // A damaged state file is kept aside for inspection instead of silently lost.
      const aside = `${this.file}.broken-${Date.now()}`;
      renameSync(this.file, aside);
      console.error(`simulator: state file unreadable (${String(err)}); moved to ${aside}, starting empty`);
      return null;
    }
  }

  save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const stored: StoredState = {
      ...this.state,
      finetunes: Object.fromEntries(this.state.finetunes),
      tasks: Object.fromEntries(this.state.tasks),
    };
    writeFileSync(tmp, JSON.stringify(stored));
    renameSync(tmp, this.file);
  }

  /** Wipe everything (state and files); `credits` defaults to the configured starting balance. */
  reset(credits = this.startingCredits): void {
    for (const sub of ["finetunes", "tasks"])
      rmSync(path.join(this.dataDir, sub), { recursive: true, force: true });
    this.state = { ...this.fresh(credits), signingKey: this.state.signingKey };
    this.save();
  }

  finetuneDir(id: string): string {
    return path.join(this.dataDir, "finetunes", safeId(id));
  }

  taskDir(id: string): string {
    return path.join(this.dataDir, "tasks", safeId(id));
  }
}

/** Ids are our own UUIDs; anything else never becomes a path. */
export function safeId(id: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new Error(`unsafe id ${JSON.stringify(id)}`);
  return id;
}
