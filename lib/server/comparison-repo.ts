import "server-only";
import { stmt } from "./db";
import type { GenerationRow } from "./generation-repo";

/** A comparison's images: every generation of its `sweep_id`, in the order they were made. */
export function comparisonGenerations(sweepId: string): GenerationRow[] {
  return stmt("SELECT * FROM generations WHERE sweep_id = ? ORDER BY seq").all(sweepId) as GenerationRow[];
}
