import { HOSTILE_CASES, toFetchInit } from "../../tests/fixtures/hostile/corpus";
import { filesUnder } from "../../tests/fixtures/proc";
import type { RunningServer } from "../../tests/helpers/servers";

/** The hostile dataset corpus (tests/fixtures/hostile/corpus.ts) sent as uploads: answers and leftovers. */

export interface CorpusResult {
  tried: number;
  matched: number;
  failures: string[];
  leftBehind: number;
}

export async function hostileCorpus(dash: RunningServer & { dataDir: string }): Promise<CorpusResult> {
  let matched = 0;
  const failures: string[] = [];
  const before = filesUnder(dash.dataDir).length;
  for (const c of HOSTILE_CASES) {
    const { body, headers } = toFetchInit(await c.build());
    const res = await fetch(`${dash.url}/api/finetunes`, { method: "POST", body, headers });
    const json = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    const ok =
      res.status === c.expect.status &&
      json.code === c.expect.code &&
      c.expect.message.test(json.message ?? "");
    if (ok) matched++;
    else failures.push(`${c.id}: ${res.status} ${json.code} ${json.message}`);
  }
  return {
    tried: HOSTILE_CASES.length,
    matched,
    failures,
    leftBehind: filesUnder(dash.dataDir).length - before,
  };
}
