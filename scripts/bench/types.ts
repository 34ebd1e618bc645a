/** Shapes shared by the benchmark parts, the report and the JSON output. */

export const PART_IDS = ["dataset", "api", "economy", "safety", "weight", "compare"] as const;
export type PartId = (typeof PART_IDS)[number];

export const PART_TITLES: Record<PartId, string> = {
  dataset: "1. Dataset preparation (headless Chromium, /new)",
  api: "2. Dashboard API overhead (autocannon, 64 connections × 10 s)",
  economy: "3. Upstream economy (get_result calls per task)",
  safety: "4. Result safety (simulator Ready → image in DATA_DIR)",
  weight: "5. Page weight (first-load JS, gzip)",
  compare: "6. Comparison grid (4 finetunes × 6 strengths, /compare's queueing)",
};

export interface Figure {
  /** Stable key for the JSON output, e.g. "ours_ms". */
  key: string;
  label: string;
  value: number | null;
  unit: string;
  /** The reference measured in the same run, in words (e.g. "floor 8.1 s"). */
  reference?: string;
  /** The target in words (e.g. "≤ 1.3× floor"). */
  target?: string;
  /** true = met, false = missed, undefined = no target on this line. */
  pass?: boolean;
  /** Why a target was missed, or anything the reader must know about this line. */
  note?: string;
}

export interface PartResult {
  part: PartId;
  /** ISO date of the run. */
  date: string;
  durationMs: number;
  figures: Figure[];
  /** Free-text findings (misses explained, detail tables) rendered under the part's table. */
  notes: string[];
  /** Set when the part could not run to the end. */
  error?: string;
  trial: boolean;
  machine: MachineInfo;
  /** 1-minute load average when the part ended (a busy neighbour shows here). */
  loadAtEnd?: number;
  /** Extra structured data for --json (per-route weights, per-generation delays...). */
  details?: Record<string, unknown>;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  chromium: string;
  loadAverage: [number, number, number];
}
