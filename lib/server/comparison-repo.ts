import "server-only";
import { getDb } from "./db";
import type { GenerationRow } from "./generation-repo";

/** A comparison's images: every generation of its `sweep_id`, in the order they were made. */
export async function comparisonGenerations(sweepId: string): Promise<GenerationRow[]> {
  const db = await getDb();
  return db.selectFrom("generations").selectAll().where("sweep_id", "=", sweepId).orderBy("seq").execute();
}
