import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { HOSTILE_CASES, toFetchInit } from "../tests/fixtures/hostile/corpus";
import { makeDatasetZip } from "../tests/fixtures/zips";
import { type RunningServer, removeDir, startDashboard, startSimulator } from "../tests/helpers/servers";
import { hostileData } from "./reliability-data";
import { edgeCases, renderEdge } from "./reliability-edge";
import { type FaultRow, type LoadResult, renderReport } from "./reliability-report";

/**
 * `npm run reliability`: the figures of docs/reliability.md, measured on this machine, loopback only and
 * bounded in time. Starts a BFL simulator and the dashboard (`next start` on the build in
 * $NEXT_DIST_DIR, built first if missing), then: the hostile corpus, the upstream fault matrix, and
 * RELIABILITY_CONNECTIONS (200) clients reading status for RELIABILITY_SECONDS (60) while 20 images run.
 */

const SECONDS = Number(process.env.RELIABILITY_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.RELIABILITY_CONNECTIONS ?? 200);
const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const ULTRA = "flux-pro-1.1-ultra-finetuned";
const KIND_LIST = ["429", "500", "503", "hang", "reset", "malformed"] as const;

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

async function api(base: string, p: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const res = await fetch(`${base}${p}`, {
    ...rest,
    ...(json === undefined
      ? {}
      : { body: JSON.stringify(json), headers: { "content-type": "application/json" } }),
  });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

async function until<T>(fn: () => Promise<T | null>, ms: number): Promise<T | null> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn().catch(() => null);
    if (v) return v;
    await sleep(250);
  }
  return null;
}

function rssMb(pid: number | undefined): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}

function dataFiles(dir: string): number {
  const walk = (d: string): number =>
    readdirSync(d, { withFileTypes: true }).reduce(
      (n, e) => n + (e.isDirectory() ? walk(path.join(d, e.name)) : 1),
      0,
    );
  return walk(dir);
}

async function hostile(dash: RunningServer & { dataDir: string }) {
  let matched = 0;
  const failures: string[] = [];
  const before = dataFiles(dash.dataDir);
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
  return { tried: HOSTILE_CASES.length, matched, failures, leftBehind: dataFiles(dash.dataDir) - before };
}

async function faultMatrix(dash: RunningServer, sim: RunningServer, finetuneId: string) {
  const simPost = (p: string, body: unknown) =>
    fetch(`${sim.url}${p}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const stats = async () =>
    ((await (await fetch(`${sim.url}/_simulator/stats`)).json()) as { method_paths: Record<string, number> })
      .method_paths;
  const rows: FaultRow[] = [];
  const calls = [
    "submit image",
    "poll result",
    "list finetunes",
    "finetune details",
    "submit finetune",
  ] as const;
  for (const call of calls) {
    for (const kind of KIND_LIST) {
      await fetch(`${sim.url}/_simulator/faults`, { method: "DELETE" });
      await fetch(`${sim.url}/_simulator/stats`, { method: "DELETE" });
      await sleep(call === "list finetunes" ? 5_200 : 0); // let the cached list expire
      const target = {
        "submit image": { path: `/v1/${ULTRA}`, method: "POST" },
        "poll result": { path: "/v1/get_result", method: "GET" },
        "list finetunes": { path: "/v1/my_finetunes", method: "GET" },
        "finetune details": { path: "/v1/finetune_details", method: "GET" },
        "submit finetune": { path: "/v1/finetune", method: "POST" },
      }[call];
      const fault = { kind, count: 1, retry_after: 1, hang_ms: 3_000, ...target };
      let outcome = "";
      if (call !== "poll result") await simPost("/_simulator/faults", fault);
      if (call === "submit image" || call === "poll result") {
        const r = await api(dash.url, "/api/generations", {
          method: "POST",
          json: { endpoint: ULTRA, finetune_id: finetuneId, prompt: `${call} ${kind}` },
        });
        if (call === "poll result") await simPost("/_simulator/faults", fault);
        const gen = r.body.generation as Json | undefined;
        if (r.status === 202 && gen) {
          const done = await until(async () => {
            const g = (await api(dash.url, `/api/generations/${String(gen.id)}`)).body.generation as Json;
            return ["Ready", "Error"].includes(String(g.status)) ? g : null;
          }, 40_000);
          outcome = done
            ? `${String(done.status)}${done.error ? ` (${String((done.error as Json).code)})` : ""}`
            : "still running";
        } else outcome = `${r.status} ${String(r.body.code)}`;
      } else if (call === "submit finetune") {
        const form = new FormData();
        form.set("dataset", new Blob([new Uint8Array(await makeDatasetZip(2))]), "d.zip");
        form.set(
          "params",
          JSON.stringify({ finetune_comment: `fault ${kind}`, mode: "general", iterations: 100 }),
        );
        const r = await api(dash.url, "/api/finetunes", { method: "POST", body: form });
        const created = r.body.finetune as Json | undefined;
        outcome =
          r.status === 201 && created
            ? `accepted (${String(created.status)})`
            : `${r.status} ${String(r.body.code)}`;
        // A queued finetune goes out when BFL allows; wait for it so the next case counts only its own POSTs.
        if (created?.status === "Queued") {
          const sent = await until(async () => {
            const f = (await api(dash.url, `/api/finetunes/${String(created.id)}`)).body.finetune as Json;
            return f.status !== "Queued" ? String(f.status) : null;
          }, 30_000);
          outcome += ` → ${sent ?? "still queued"}`;
        }
      } else {
        const r = await api(
          dash.url,
          call === "list finetunes" ? "/api/finetunes" : `/api/finetunes/${finetuneId}`,
        );
        outcome = `${r.status}${r.body.upstream_error ? ` + upstream_error ${String((r.body.upstream_error as Json).code)}` : ""}`;
      }
      await sleep(kind === "hang" ? 3_500 : 500);
      const s = await stats();
      const submissions = s[`POST ${target.path}`] ?? 0;
      const retryable = kind === "429" || kind === "503" || kind === "500";
      const survived =
        !/^5\d\d undefined|still running|internal/.test(outcome) &&
        (target.method === "GET" || submissions <= (retryable ? 2 : 1));
      rows.push({ call, kind, outcome, survived, submissions });
      console.log(`fault ${call} / ${kind}: ${outcome} (${submissions} POST) ${survived ? "ok" : "FAILED"}`);
    }
  }
  await fetch(`${sim.url}/_simulator/faults`, { method: "DELETE" });
  return rows;
}

async function main() {
  if (!existsSync(path.join(ROOT, DIST, "BUILD_ID"))) {
    console.log(`No build in ${DIST}: building…`);
    const b = spawnSync("npx", ["next", "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (b.status !== 0) process.exit(1);
  }
  const sim = await startSimulator({
    env: { SIMULATOR_TRAINING_SECONDS: "2", SIMULATOR_INFERENCE_SECONDS: "3" },
  });
  const dash = await startDashboard({ bflUrl: sim.url, env: { BFL_TIMEOUT_MS: "1500" } });
  try {
    console.log("hostile corpus…");
    const corpus = await hostile(dash);
    const form = new FormData();
    form.set("dataset", new Blob([new Uint8Array(await makeDatasetZip(4))]), "d.zip");
    form.set("params", JSON.stringify({ finetune_comment: "reliability", mode: "product", iterations: 100 }));
    const ft = (await api(dash.url, "/api/finetunes", { method: "POST", body: form })).body.finetune as Json;
    await fetch(`${sim.url}/_simulator/tasks/${String(ft.bfl_id)}/complete`, { method: "POST" });
    await until(
      async () =>
        ((await api(dash.url, `/api/finetunes/${String(ft.id)}`)).body.finetune as Json).status === "Ready",
      30_000,
    );
    console.log("hostile data…");
    const data = await hostileData(dash, await makeDatasetZip(4));
    console.log("fault matrix…");
    const faults = await faultMatrix(dash, sim, String(ft.id));

    console.log(`load: ${CONNECTIONS} connections for ${SECONDS} s…`);
    const first = (
      await api(dash.url, "/api/generations", {
        method: "POST",
        json: { endpoint: ULTRA, finetune_id: ft.id, prompt: "load 0" },
      })
    ).body.generation as Json;
    const genIds = [String(first.id)];
    for (let i = 0; i < 50; i++) await fetch(`${dash.url}/api/finetunes`);
    const rssStart = rssMb(dash.proc.pid);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(dash.proc.pid)), 2_000);
    // The other 19 images are submitted across the window, so images are in flight throughout.
    const submitter = (async () => {
      for (let i = 1; i < 20; i++) {
        await sleep((SECONDS * 1000) / 21);
        const g = (
          await api(dash.url, "/api/generations", {
            method: "POST",
            json: { endpoint: ULTRA, finetune_id: ft.id, prompt: `load ${i}` },
          })
        ).body.generation as Json;
        genIds.push(String(g.id));
      }
    })();
    const load = await autocannon({
      url: dash.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 10,
      requests: [
        { method: "GET", path: "/api/finetunes" },
        { method: "GET", path: `/api/generations/${String(first.id)}` },
      ],
    });
    await submitter;
    clearInterval(sampler);
    const rssEnd = rssMb(dash.proc.pid);
    await sleep(15_000);
    const rssSettled = rssMb(dash.proc.pid);
    const finals = await Promise.all(
      genIds.map((id) =>
        until(async () => {
          const g = (await api(dash.url, `/api/generations/${id}`)).body.generation as Json;
          return ["Ready", "Error"].includes(String(g.status)) ? String(g.status) : null;
        }, 60_000),
      ),
    );
    const report = {
      seconds: SECONDS,
      connections: CONNECTIONS,
      corpus,
      data,
      faults,
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
    console.log("edge cases…");
    const edge = await edgeCases();
    writeFileSync(path.join(ROOT, "docs/reliability.md"), renderReport(report) + renderEdge(edge));
    console.log(
      `wrote docs/reliability.md: ${load.requests.total} requests, ${load.errors} errors, p99 ${load.latency.p99} ms, RSS ${rssStart} → ${rssEnd} → ${rssSettled} MB`,
    );
  } finally {
    await dash.stop();
    await sim.stop();
    removeDir(dash.dataDir);
    removeDir(sim.dataDir);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
