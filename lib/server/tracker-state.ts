import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { getConfig } from "./env";
import { finetuneKind } from "./finetune-runner";
import { generationKind } from "./generation-runner";
import type { TaskPrefix } from "./lease-repo";
import type { TaskKind } from "./task-pipeline";

/** What the tracker's parts share in one process: its lease name, its loops and its registry of kinds. */

/** A lease lasts this long unless renewed; the heartbeat renews it (and looks for orphans) this often. */
export const LEASE_MS = 15_000;
/** Give up on a task whose polls have failed for this long. */
export const GIVE_UP_MS = 60 * 60 * 1000;

interface TrackerState {
  started: boolean;
  /** This process's name on its leases: host and port (a restart reclaims its own) plus a random part. */
  owner: string;
  loops: Set<string>;
  /** The last poll queued per task: polls of one task (loop or webhook) run one after another. */
  polls: Map<string, Promise<unknown>>;
  pumping: boolean;
  timers: NodeJS.Timeout[];
}

const KEY = Symbol.for("finetune-studio.tracker");
type Holder = { [KEY]?: TrackerState };

export function state(): TrackerState {
  const holder = globalThis as Holder;
  holder[KEY] ??= {
    started: false,
    owner: `${hostname()}:${getConfig().port}:${randomUUID().slice(0, 8)}`,
    loops: new Set(),
    polls: new Map(),
    pumping: false,
    timers: [],
  };
  return holder[KEY];
}

/** The registry of task kinds, by the prefix of their lease key. */
export function kindOf(prefix: TaskPrefix): TaskKind {
  return prefix === "g" ? generationKind : finetuneKind;
}

export const keyOf = (kind: TaskKind, id: string) => `${kind.prefix}:${id}`;
export const leaseUntil = () => Date.now() + LEASE_MS;
