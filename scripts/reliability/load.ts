import { createRequire } from "node:module";
import { call, ULTRA, waitGeneration } from "../../tests/api/server-helpers";
import { rssMb } from "../../tests/fixtures/proc";
import type { RunningServer } from "../../tests/helpers/servers";
import type { LoadResult } from "./report";

/**
 * `connections` clients read status for `seconds` (autocannon) while 20 images are submitted across
 * the window; the dashboard's memory is sampled every 2 s and once more 15 s after the load.
 */

type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: { method: string; path: string }[];
}) => PromiseLike<LoadResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LoadRun {
  load: LoadResult;
  rssStart: number;
  rssEnd: number;
  rssSettled: number;
  rssSeries: number[];
  rssMax: number;
  genReady: number;
  genTotal: number;
  crashed: boolean;
}

export async function loadRun(
  dash: RunningServer,
  finetuneId: string,
  seconds: number,
  connections: number,
): Promise<LoadRun> {
  const submit = async (prompt: string) =>
    String(
      (
        await call<{ generation: Json }>(dash.url, "/api/generations", {
          method: "POST",
          json: { endpoint: ULTRA, finetune_id: finetuneId, prompt },
        })
      ).body.generation.id,
    );
  const first = await submit("load 0");
  const genIds = [first];
  for (let i = 0; i < 50; i++) await fetch(`${dash.url}/api/finetunes`);
  const rssStart = rssMb(dash.proc.pid);
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMb(dash.proc.pid)), 2_000);
  // The other 19 images are submitted across the window, so images are in flight throughout.
  const submitter = (async () => {
    for (let i = 1; i < 20; i++) {
      await sleep((seconds * 1000) / 21);
      genIds.push(await submit(`load ${i}`));
    }
  })();
  const load = await autocannon({
    url: dash.url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      { method: "GET", path: "/api/finetunes" },
      { method: "GET", path: `/api/generations/${first}` },
    ],
  });
  await submitter;
  clearInterval(sampler);
  const rssEnd = rssMb(dash.proc.pid);
  await sleep(15_000);
  const rssSettled = rssMb(dash.proc.pid);
  const finals = await Promise.all(
    genIds.map((id) =>
      waitGeneration(dash, id, 60_000).then(
        (g) => String(g.status),
        () => "still running",
      ),
    ),
  );
  return {
    load,
    rssStart,
    rssEnd,
    rssSettled,
    rssSeries: samples.filter((_, i) => i % 5 === 4),
    rssMax: Math.max(rssStart, ...samples),
    genReady: finals.filter((s) => s === "Ready").length,
    genTotal: genIds.length,
    crashed: dash.proc.exitCode !== null,
  };
}
