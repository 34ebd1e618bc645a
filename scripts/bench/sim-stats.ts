/** The simulator's request counters (`GET /_simulator/stats`, see lib/simulator/stats.ts). */

export interface SimStats {
  total: number;
  paths: Record<string, number>;
  get_result: Record<string, number>;
}

export async function simStats(simUrl: string): Promise<SimStats> {
  const res = await fetch(`${simUrl}/_simulator/stats`);
  if (!res.ok) throw new Error(`GET /_simulator/stats: HTTP ${res.status}`);
  const body = (await res.json()) as Partial<SimStats>;
  if (typeof body.total !== "number" || typeof body.get_result !== "object" || body.get_result === null)
    throw new Error(`unexpected /_simulator/stats shape: ${JSON.stringify(body).slice(0, 200)}`);
  return { total: body.total, paths: body.paths ?? {}, get_result: body.get_result };
}

/** get_result ids that were polled between two snapshots, with how many calls each got in between. */
export function newPolls(before: SimStats, after: SimStats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, n] of Object.entries(after.get_result)) {
    const d = n - (before.get_result[id] ?? 0);
    if (d > 0) out[id] = d;
  }
  return out;
}
