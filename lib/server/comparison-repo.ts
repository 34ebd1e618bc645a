import "server-only";
import type { Generation } from "@/lib/api/types";
import { getDb } from "./db";
import { generationRowToApi } from "./generation-repo";

/** A comparison's images: every generation of its `sweep_id`, in the order they were made. */
export async function comparisonGenerations(sweepId: string): Promise<Generation[]> {
  const db = await getDb();
  const rows = await db
    .selectFrom("generations")
    .selectAll()
    .where("sweep_id", "=", sweepId)
    .orderBy("seq")
    .execute();
  return Promise.all(rows.map(generationRowToApi));
}
