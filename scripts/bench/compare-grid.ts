import os from "node:os";
import JSZip from "jszip";
import sharp from "sharp";
import { queueCells } from "../../lib/judge/compare";
import { cpuMs } from "../../tests/fixtures/proc";
import { dashboard, simulator, stopAll } from "./processes";

/**
 * `NEXT_DIST_DIR=.next npx tsx scripts/bench/compare-grid.ts` (after `next build`): a comparison of 4
 * finetunes × 6 strengths (24 images), queued the way /compare does (`queueCells`, one sweep id),
 * against the simulator with a 5 s inference time. Prints the wall time from the first POST to the last
 * stored image, the slowest of 3 single images, their ratio, and BFL polls per task.
 */

const INFERENCE_SECONDS = 5;
const STRENGTHS = [0, 0.4, 0.8, 1.2, 1.6, 2];
type Json = Record<string, unknown>;

async function datasetZip(): Promise<ArrayBuffer> {
  const zip = new JSZip();
  for (let i = 0; i < 3; i++) {
    const raw = Buffer.alloc(128 * 128 * 3, (i * 70) % 255);
    zip.file(
      `img${i}.jpg`,
      await sharp(raw, { raw: { width: 128, height: 128, channels: 3 } })
        .jpeg()
        .toBuffer(),
    );
  }
  return zip.generateAsync({ type: "arraybuffer" });
}

async function post(base: string, path: string, body: unknown): Promise<Json> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Json;
}

async function until<T>(fn: () => Promise<T | null>, everyMs = 50, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function readyFinetune(dash: string, sim: string, n: number): Promise<string> {
  const form = new FormData();
  form.set("dataset", new Blob([await datasetZip()], { type: "application/zip" }), "d.zip");
  form.set(
    "params",
    JSON.stringify({
      finetune_comment: `bench ${n}`,
      mode: "product",
      trigger_word: `bt${n}`,
      iterations: 100,
    }),
  );
  const res = await fetch(`${dash}/api/finetunes`, { method: "POST", body: form });
  const ft = ((await res.json()) as { finetune: Json }).finetune;
  await fetch(`${sim}/_simulator/tasks/${String(ft.bfl_id)}/complete`, { method: "POST" });
  await until(async () => {
    const r = (await (await fetch(`${dash}/api/finetunes/${String(ft.id)}`)).json()) as { finetune: Json };
    return r.finetune.status === "Ready" ? true : null;
  }, 200);
  return String(ft.id);
}

/** min / median / max of a list of durations. */
function spread(ms: number[]): { min: number; median: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0] ?? 0, median: s[Math.floor(s.length / 2)] ?? 0, max: s.at(-1) ?? 0 };
}

const allDone = (gens: Json[]) => gens.every((g) => g.status !== "Queued" && g.status !== "Pending");

async function main() {
  const sim = await simulator({
    SIMULATOR_INFERENCE_SECONDS: String(INFERENCE_SECONDS),
    SIMULATOR_TRAINING_SECONDS: "600",
  });
  const dash = await dashboard(sim.url);
  try {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await readyFinetune(dash.url, sim.url, i));

    const singles: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const g = (
        await post(dash.url, "/api/generations", {
          endpoint: "flux-pro-finetuned",
          finetune_id: ids[0],
          prompt: "bt0",
          seed: i,
        })
      ).generation as Json;
      await until(async () => {
        const r = (await (await fetch(`${dash.url}/api/generations/${String(g.id)}`)).json()) as {
          generation: Json;
        };
        return allDone([r.generation]) ? true : null;
      });
      singles.push(Date.now() - t0);
    }
    await fetch(`${sim.url}/_simulator/stats`, { method: "DELETE" });

    const sweep = `cmp-bench-${Date.now()}`;
    const t0 = Date.now();
    const cells = ids.flatMap((id) =>
      STRENGTHS.map((s) => ({ finetune_id: id, finetune_strength: s, prompt: "a bench" })),
    );
    const cpu0 = { dash: cpuMs(dash.proc.pid), sim: cpuMs(sim.proc.pid) };
    const postMs: number[] = [];
    await queueCells(cells, async (c) => {
      const p0 = Date.now();
      await post(dash.url, "/api/generations", {
        ...c,
        endpoint: "flux-pro-finetuned",
        seed: 7,
        sweep_id: sweep,
      });
      postMs.push(Date.now() - p0);
    });
    const queuedMs = Date.now() - t0;
    // When each image was first seen finished through the API (the bench reads every 50 ms).
    const doneAt = new Map<string, number>();
    const gens = await until(async () => {
      const r = (await (await fetch(`${dash.url}/api/comparisons/${sweep}`)).json()) as {
        generations: Json[];
      };
      for (const g of r.generations)
        if (allDone([g]) && !doneAt.has(String(g.id))) doneAt.set(String(g.id), Date.now() - t0);
      return r.generations.length === 24 && allDone(r.generations) ? r.generations : null;
    });
    const totalMs = Date.now() - t0;
    const cpu = {
      dashboard_ms: Math.round(cpuMs(dash.proc.pid) - cpu0.dash),
      simulator_ms: Math.round(cpuMs(sim.proc.pid) - cpu0.sim),
    };
    // The simulator logs each request with its own handling time: `POST /v1/… 200 12ms`.
    const simSubmitMs = [...sim.output().matchAll(/POST \/v1\/flux-pro-finetuned \d+ (\d+)ms/g)]
      .slice(-24) // the output keeps its last 20 kB: the comparison's 24 submissions are the last ones
      .map((m) => Number(m[1]));
    const done = [...doneAt.values()].sort((a, b) => a - b);
    const ready = gens.filter((g) => g.status === "Ready").length;
    const stats = (await (await fetch(`${sim.url}/_simulator/stats`)).json()) as {
      get_result: Record<string, number>;
    };
    const polls = Object.values(stats.get_result);
    const slowest = Math.max(...singles);
    console.log(
      JSON.stringify(
        {
          inference_seconds: INFERENCE_SECONDS,
          singles_ms: singles,
          comparison_ms: totalMs,
          all_24_queued_after_ms: queuedMs,
          ready,
          ratio_to_slowest_single: Number((totalMs / slowest).toFixed(3)),
          load_average: os.loadavg().map((n) => Number(n.toFixed(1))),
          post_ms: spread(postMs),
          simulator_submit_ms: spread(simSubmitMs),
          first_done_ms: done[0],
          last_done_ms: done.at(-1),
          cpu_during_comparison: cpu,
          tasks_polled: polls.length,
          polls_per_task_max: Math.max(...polls),
          polls_per_task_mean: Number((polls.reduce((a, b) => a + b, 0) / polls.length).toFixed(2)),
        },
        null,
        2,
      ),
    );
  } finally {
    await stopAll();
  }
}

main().catch(async (err) => {
  console.error(err);
  await stopAll();
  process.exit(1);
});
