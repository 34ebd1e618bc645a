import { call, ULTRA, waitGeneration } from "../../tests/api/server-helpers";
import { blackHole } from "../../tests/fixtures/black-hole";
import { toBase64 } from "../../tests/fixtures/images";
import { makeDatasetZip } from "../../tests/fixtures/zips";
import { type RunningServer, removeDir, startDashboard, startSimulator } from "../../tests/helpers/servers";
import { measured } from "./report";

/**
 * BFL as it is today, against the simulator's live profile (docs/simulator.md, Profiles): a retired
 * endpoint, a poll answered 503 / 422 whose body is an Error task, a 12 s `Generating` phase, a task the
 * polling host answers 404 for, and a black-holed BFL host. Each case measures how long the person
 * waits and how many BFL calls it cost.
 */

type Json = Record<string, unknown>;
export interface LiveRow {
  case: string;
  figure: string;
  ok: boolean;
}

const KLEIN = "flux-2-klein-9b-finetuned";
const LORA = "my-style-lora";
const GENERATING_MS = 12_000;
const INFERENCE_S = 0.5;
const POLL_MS = 500; // the dashboard's image poll interval (lib/server/tracker.ts)
const GIVE_UP_MS = 10_000;
const MAX_POLL_DELAY_MS = 30_000; // the tracker's backoff ceiling after a failed poll (lib/server/tracker.ts)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function stats(sim: RunningServer) {
  return (await call<{ method_paths: Record<string, number> }>(sim.url, "/_simulator/stats")).body
    .method_paths;
}

async function submit(dash: RunningServer, json: Json) {
  return call<{ generation?: Json; code?: string; message?: string }>(dash.url, "/api/generations", {
    method: "POST",
    json,
  });
}

async function retired(dash: RunningServer, sim: RunningServer): Promise<LiveRow> {
  const zip = await makeDatasetZip(4);
  const legacy = await call<{ finetune_id: string }>(sim.url, "/_simulator/legacy-finetunes", {
    method: "POST",
    json: { file_data: toBase64(zip), finetune_comment: "from the beta", mode: "character" },
  });
  const ftId = legacy.body.finetune_id;
  // The simulator is not known to be live BFL, so the dashboard learns the retirement from BFL's first
  // 404 and remembers it: the second try is refused without a call.
  const tries: string[] = [];
  let posts = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const a = await submit(dash, { endpoint: "flux-pro-finetuned", finetune_id: ftId, prompt: "retired" });
    const took = performance.now() - t0;
    const sent = (await stats(sim))["POST /v1/flux-pro-finetuned"] ?? 0;
    tries.push(
      `${a.status} ${String(a.body.code)} in ${Math.round(took)} ms after ${sent - posts} POSTs to BFL`,
    );
    if (a.status !== 410) tries.push("(not refused)");
    posts = sent;
  }
  const ultra = await submit(dash, { endpoint: ULTRA, finetune_id: ftId, prompt: "legacy on ultra" });
  const g = ultra.body.generation ? await waitGeneration(dash, String(ultra.body.generation.id), 30_000) : {};
  const health = await call<{ retired?: Json[] }>(dash.url, "/api/health");
  const listed = (health.body.retired ?? []).map((r) => String(r.endpoint));
  return {
    case: "retired endpoint (`flux-pro-finetuned`) with a legacy FLUX.1 finetune, tried twice",
    figure: `first: ${tries[0]}; second: ${tries[1]}; /api/health then lists it as retired (${listed.length} listed); the same finetune on ultra: ${String(g.status)}`,
    ok:
      !tries.includes("(not refused)") &&
      posts <= 1 &&
      g.status === "Ready" &&
      listed.includes("flux-pro-finetuned"),
  };
}

async function errorBodies(dash: RunningServer): Promise<LiveRow[]> {
  const ends = await Promise.all(
    ["error-503", "error-422"].map(async (word) => {
      const t0 = Date.now();
      const a = await submit(dash, { endpoint: KLEIN, finetune_id: LORA, prompt: `a cat ${word}` });
      const g = await waitGeneration(dash, String(a.body.generation?.id), 60_000);
      return { word, g, took: Date.now() - t0 };
    }),
  );
  return ends.map(({ word, g, took }) => {
    const err = (g.error ?? {}) as Json;
    const phase = INFERENCE_S * 1000 + GENERATING_MS;
    return {
      case: `poll answered ${word.slice(6)} with an Error task as its body (after the ${seconds(phase)} Pending + Generating phase)`,
      figure: `${String(g.status)} ${String(err.code)} ${seconds(took)} after submission (${seconds(took - phase)} after BFL's answer turned Error); reason kept: "${String(err.message)}"`,
      ok: g.status === "Error" && took - phase < 30_000 && /BFL/.test(String(err.message)),
    };
  });
}

async function generating(dash: RunningServer, sim: RunningServer): Promise<LiveRow> {
  await call(sim.url, "/_simulator/stats", { method: "DELETE" });
  const t0 = Date.now();
  const a = await submit(dash, { endpoint: KLEIN, finetune_id: LORA, prompt: "a cat, slowly" });
  const id = String(a.body.generation?.id);
  const words = new Set<string>();
  let g: Json = {};
  while (!["Ready", "Error"].includes(String(g.status)) && Date.now() - t0 < 60_000) {
    g = (await call<{ generation: Json }>(dash.url, `/api/generations/${id}`)).body.generation;
    words.add(String(g.bfl_status ?? g.status));
    await new Promise((r) => setTimeout(r, 100));
  }
  const took = Date.now() - t0;
  const polls = (await stats(sim))["GET /v1/get_result"] ?? 0;
  const end = INFERENCE_S * 1000 + GENERATING_MS;
  const late = took - end;
  return {
    case: `a ${seconds(GENERATING_MS)} \`Generating\` phase (after ${seconds(INFERENCE_S * 1000)} Pending)`,
    figure: `statuses seen through the API: ${[...words].join(" → ")}; Ready ${seconds(took)} after submission, ${Math.round(late)} ms after the phase ended (2 poll intervals: ${2 * POLL_MS} ms); ${polls} get_result calls in ${seconds(took)} (one per ${POLL_MS} ms poll would be ${Math.ceil(took / POLL_MS)})`,
    ok:
      g.status === "Ready" &&
      words.has("Generating") &&
      late <= 2 * POLL_MS + 500 &&
      polls <= Math.ceil(took / POLL_MS) + 1,
  };
}

async function lostTask(dash: RunningServer, sim: RunningServer): Promise<LiveRow> {
  const a = await submit(dash, { endpoint: KLEIN, finetune_id: LORA, prompt: "a cat that vanishes" });
  // The simulator forgets every task: its polling host now answers 404 for this one, as BFL's does
  // for a task it lost.
  await call(sim.url, "/_simulator/reset", { method: "POST", json: {} });
  const t0 = Date.now();
  const g = await waitGeneration(dash, String(a.body.generation?.id), 60_000);
  const took = Date.now() - t0;
  const polls = (await stats(sim))["GET /v1/get_result"] ?? 0;
  const err = (g.error ?? {}) as Json;
  return {
    case: `the polling host answers 404 for a task (BFL_NOT_FOUND_GIVE_UP_MS=${GIVE_UP_MS}; default 180000)`,
    figure: `${String(g.status)} ${String(err.code)} ${seconds(took)} after the task vanished, ${polls} polls; "${String(err.message)}"`,
    ok: g.status === "Error" && err.code === "bfl_not_found" && took < GIVE_UP_MS + MAX_POLL_DELAY_MS,
  };
}

async function blackHoled(): Promise<LiveRow> {
  const hole = await blackHole();
  const dash = await startDashboard({ bflUrl: `http://127.0.0.1:${hole.port}` });
  try {
    const t0 = performance.now();
    const a = await call<{ code?: string; message?: string }>(dash.url, "/api/finetunes/some-id");
    const took = performance.now() - t0;
    return {
      case: "a black-holed BFL host (accepts no connection; BFL_CONNECT_TIMEOUT_MS=4000, the default)",
      figure: `${a.status} ${String(a.body.code)} in ${seconds(took)}: "${String(a.body.message)}"`,
      ok: a.status === 502 && took < 10_000 && String(a.body.message).includes(`127.0.0.1:${hole.port}`),
    };
  } finally {
    await dash.stop();
    removeDir(dash.dataDir);
    hole.close();
  }
}

export async function liveProfile(): Promise<LiveRow[]> {
  const sim = await startSimulator({
    profile: "live",
    env: {
      SIMULATOR_INFERENCE_SECONDS: String(INFERENCE_S),
      SIMULATOR_GENERATING_MS: String(GENERATING_MS),
    },
  });
  const dash = await startDashboard({
    bflUrl: sim.url,
    env: { BFL_NOT_FOUND_GIVE_UP_MS: String(GIVE_UP_MS) },
  });
  const rows: LiveRow[] = [];
  const log = (r: LiveRow) => {
    console.log(`${r.ok ? "ok  " : "FAIL"} ${r.case}: ${r.figure}`);
    rows.push(r);
  };
  try {
    log(await retired(dash, sim));
    for (const r of await errorBodies(dash)) log(r);
    log(await generating(dash, sim));
    log(await lostTask(dash, sim));
  } finally {
    await dash.stop();
    await sim.stop();
    removeDir(dash.dataDir);
    removeDir(sim.dataDir);
  }
  log(await blackHoled());
  return rows;
}

export function renderLive(rows: LiveRow[]): string {
  return `## BFL today: the simulator's live profile (scripts/reliability/live.ts)

${measured()} \`SIMULATOR_PROFILE=live\`: tasks polled on a second listener, \`Generating\` before Ready, retired paths 404.

| case | figure | as required |
|---|---|---|
${rows.map((r) => `| ${r.case} | ${r.figure.replaceAll("|", "\\|")} | ${r.ok ? "yes" : "**no**"} |`).join("\n")}
`;
}
