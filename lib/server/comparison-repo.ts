import "server-only";
import type { Generation } from "@/lib/api/types";
import { stmt } from "./db";
import { type GenerationRow, generationRowToApi } from "./generation-repo";

/** A comparison's images: every generation of its `sweep_id`, in the order they were made. */
export function comparisonGenerations(sweepId: string): Generation[] {
  const rows = stmt("SELECT * FROM generations WHERE sweep_id = ? ORDER BY seq").all(
    sweepId,
  ) as GenerationRow[];
  return rows.map(generationRowToApi);
}
