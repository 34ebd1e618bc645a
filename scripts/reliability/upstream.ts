import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { call, FAST_SIM_ENV, readyFinetune, ULTRA, waitGeneration } from "../../tests/api/server-helpers";
import { HUGE_BYTES, startLimitsStandIn } from "../../tests/fixtures/limits-bfl";
import { filesUnder, peakRssMb, rssMb } from "../../tests/fixtures/proc";
import { removeDir, startDashboard, startSimulator, tempDir } from "../../tests/helpers/servers";
import { measured } from "./report";

/**
 * What BFL's answers may cost or reveal, and what a crash leaves behind: a 300 MB result image and a
 * 5 MB JSON answer from a stand-in BFL (tests/fixtures/limits-bfl.ts), the key echoed back in BFL's texts,
 * and the start-up sweep of orphans in DATA_DIR.
 */

export interface UpstreamRow {
  case: string;
  figure: string;
  ok: boolean;
}

type Json = Record<string, unknown>;
const KEY = "reliability-canary-key-7d2f0a";
const MB = 1024 * 1024;

export async function capsAndRedaction(): Promise<UpstreamRow[]> {
  const stub = await startLimitsStandIn(KEY);
  const dash = await startDashboard({ bflUrl: stub.url, env: { BFL_API_KEY: KEY, BFL_TIMEOUT_MS: "20000" } });
  const gen = async (prompt: string) => {
    const a = await call<{ generation?: Json; code?: string }>(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: "ft-live", prompt },
    });
    return a.body.generation ? waitGeneration(dash, String(a.body.generation.id), 60_000) : a;
  };
  const files = (id: string) =>
    ["images", "thumbnails"].flatMap((d) => {
      const dir = path.join(dash.dataDir, d);
      return existsSync(dir) ? readdirSync(dir).filter((f) => f.includes(id)) : [];
    });
  const rows: UpstreamRow[] = [];
  try {
    const peak0 = peakRssMb(dash.proc.pid);
    const t0 = performance.now();
    const huge = (await gen("huge")) as Json;
    const hugeMs = performance.now() - t0;
    const err = (huge.error ?? {}) as Json;
    const left = files(String(huge.id));
    rows.push({
      case: "a 300 MB result image without Content-Length",
      figure: `${String(huge.status)} ${String(err.code)} after ${Math.round(hugeMs)} ms; ${Math.round(stub.hugeSent() / MB)} of ${HUGE_BYTES / MB} MB left the stand-in; peak RSS ${peak0} → ${peakRssMb(dash.proc.pid)} MB; ${left.length} files left`,
      ok: huge.status === "Error" && stub.hugeSent() < 100 * MB && left.length === 0,
    });

    const rss0 = rssMb(dash.proc.pid);
    const t1 = performance.now();
    const big = await call<{ code?: string; message?: string }>(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: "ft-live", prompt: "huge-answer" },
    });
    rows.push({
      case: "a 5 MB JSON answer to a submission (limit 4 MB)",
      figure: `${big.status} ${String(big.body.code)} in ${Math.round(performance.now() - t1)} ms; RSS ${rss0} → ${rssMb(dash.proc.pid)} MB`,
      ok: big.status === 502 && big.body.code === "bfl_bad_response",
    });

    // The key echoed in an Error reason, moderation reasons, a 422 and finetune details.
    const texts = [
      JSON.stringify(await gen("fails")),
      JSON.stringify(await gen("moderated")),
      JSON.stringify(await gen("invalid")),
    ];
    for (const p of ["/api/generations", "/api/finetunes", "/api/finetunes/ft-live"])
      texts.push((await call(dash.url, p)).text);
    const pages = ["/", "/gallery", "/finetunes", "/finetunes/ft-live", "/playground"];
    for (const p of pages) texts.push(await (await fetch(`${dash.url}${p}`)).text());
    const db = readdirSync(dash.dataDir)
      .filter((n) => n.startsWith("studio.db"))
      .map((f) => readFileSync(path.join(dash.dataDir, f)));
    const lines = dash.output().split("\n");
    const leaks =
      texts.filter((t) => t.includes(KEY)).length +
      lines.filter((l) => l.includes(KEY)).length +
      db.filter((b) => b.includes(KEY)).length;
    const redacted = texts.join("\n").split("[redacted]").length - 1;
    rows.push({
      case: "the key echoed back by BFL (error, moderation and 422 texts, finetune details)",
      figure: `key found ${leaks} times in ${texts.length} answers and pages, ${lines.length} log lines and ${db.length} database files; "[redacted]" shown ${redacted} times instead`,
      ok: leaks === 0 && redacted > 0,
    });
  } finally {
    await dash.stop();
    await stub.close();
    removeDir(dash.dataDir);
  }
  return rows;
}

function plant(dataDir: string, rel: string, mtime?: Date) {
  const full = path.join(dataDir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, "left by a crash");
  if (mtime) utimesSync(full, mtime, mtime);
}

export async function orphanSweep(): Promise<UpstreamRow> {
  const dataDir = tempDir("sweep");
  const sim = await startSimulator({ env: FAST_SIM_ENV });
  let dash = await startDashboard({ bflUrl: sim.url, dataDir });
  try {
    const ft = await readyFinetune(dash, sim, "kept");
    const a = await call<{ generation: Json }>(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: ft.id, prompt: "kept" },
    });
    const g = await waitGeneration(dash, String(a.body.generation.id));
    await dash.stop();
    const kept = filesUnder(dataDir).filter((f) => !f.startsWith("studio.db"));
    const orphanFt = "11111111-1111-4111-8111-111111111111";
    const orphanGen = "22222222-2222-4222-8222-222222222222";
    const old = [
      `datasets/${orphanFt}/dataset.zip`,
      `datasets/${orphanFt}/images/0.jpg`,
      `images/${orphanGen}.png`,
      `thumbnails/${orphanGen}.webp`,
      `inputs/${orphanGen}/image_prompt.bin`,
      `images/${String(g.id)}.download.0a1b2c3d.tmp`,
      ".write-probe.12345678.tmp",
    ];
    // Written "after the process started" (an upload arriving during start-up): must be kept.
    const later = new Date(Date.now() + 3_600_000);
    const fresh = ["images/33333333-3333-4333-8333-333333333333.png", "images/upload.0f0f0f0f.tmp"];
    for (const rel of old) plant(dataDir, rel);
    for (const rel of fresh) plant(dataDir, rel, later);
    const t0 = performance.now();
    dash = await startDashboard({ bflUrl: sim.url, dataDir });
    const startMs = performance.now() - t0;
    const removed = old.filter((rel) => !existsSync(path.join(dataDir, rel))).length;
    const freshKept = fresh.filter((rel) => existsSync(path.join(dataDir, rel))).length;
    const keptNow = kept.filter((rel) => existsSync(path.join(dataDir, rel))).length;
    const image = await fetch(`${dash.url}${String(g.image_url)}`);
    return {
      case: "start-up sweep after a crash (a dataset folder and a result image with no row, temp files)",
      figure: `${removed} of ${old.length} orphans removed; ${freshKept} of ${fresh.length} files newer than the process kept; ${keptNow} of ${kept.length} files with a row kept (image served: ${image.status}); restart to healthy in ${Math.round(startMs)} ms`,
      ok:
        removed === old.length &&
        freshKept === fresh.length &&
        keptNow === kept.length &&
        image.status === 200,
    };
  } finally {
    await dash.stop();
    await sim.stop();
    removeDir(dataDir);
    removeDir(sim.dataDir);
  }
}

export function renderUpstream(rows: UpstreamRow[]): string {
  return `## Upstream size caps, key redaction, orphan sweep (scripts/reliability/upstream.ts)

${measured()} Against a stand-in BFL (tests/fixtures/limits-bfl.ts) that echoes its key back, and the simulator.

| case | figure | as required |
|---|---|---|
${rows.map((r) => `| ${r.case} | ${r.figure.replaceAll("|", "\\|")} | ${r.ok ? "yes" : "**no**"} |`).join("\n")}
`;
}
