import type { Problem } from "./messages";
import type { PlaygroundSettings } from "./settings";

/** One image the playground asked for: its settings snapshot and either a generation id or a refusal. */
export interface Run {
  key: string;
  settings: PlaygroundSettings;
  generationId: string | null;
  problem: Problem | null;
}

/** A strength sweep: one prompt, one seed, one sweep_id, a run per strength. */
export interface Sweep {
  sweepId: string;
  settings: PlaygroundSettings;
  costText: string;
  runs: Run[];
}

let counter = 0;
export function runKey(): string {
  counter += 1;
  return `run-${Date.now().toString(36)}-${counter}`;
}

export function newSweepId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `sweep-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
