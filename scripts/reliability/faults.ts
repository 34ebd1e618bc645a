import { call, clearSim, ULTRA, waitFor } from "../../tests/api/server-helpers";
import { makeDatasetZip } from "../../tests/fixtures/zips";
import type { RunningServer } from "../../tests/helpers/servers";
import type { FaultRow } from "./report";

/** The upstream fault matrix: each BFL call the dashboard makes × each fault the simulator can inject. */

type Json = Record<string, unknown>;
const KINDS = ["429", "500", "503", "hang", "reset", "malformed"] as const;
const CALLS = {
  "submit image": { path: `/v1/${ULTRA}`, method: "POST" },
  "poll result": { path: "/v1/get_result", method: "GET" },
  "list finetunes": { path: "/v1/my_finetunes", method: "GET" },
  "finetune details": { path: "/v1/finetune_details", method: "GET" },
  "submit finetune": { path: "/v1/finetune", method: "POST" },
} as const;
type Call = keyof typeof CALLS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The value, or null when it did not come within `ms`. */
const within = <T>(what: string, fn: () => Promise<T | null>, ms: number) =>
  waitFor(what, fn, ms, 250).catch(() => null);

async function simPost(sim: RunningServer, p: string, body: unknown) {
  await call(sim.url, p, { method: "POST", json: body });
}

async function finalGeneration(dash: RunningServer, id: string) {
  return within(
    "generation final",
    async () => {
      const g = (await call<{ generation: Json }>(dash.url, `/api/generations/${id}`)).body.generation;
      return ["Ready", "Error"].includes(String(g.status)) ? g : null;
    },
    40_000,
  );
}

async function outcomeOf(
  c: Call,
  dash: RunningServer,
  sim: RunningServer,
  finetuneId: string,
  fault: Json,
): Promise<string> {
  if (c === "submit image" || c === "poll result") {
    const r = await call<{ generation?: Json; code?: string }>(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: finetuneId, prompt: `${c} ${String(fault.kind)}` },
    });
    if (c === "poll result") await simPost(sim, "/_simulator/faults", fault);
    const gen = r.body.generation;
    if (r.status !== 202 || !gen) return `${r.status} ${String(r.body.code)}`;
    const done = await finalGeneration(dash, String(gen.id));
    return done
      ? `${String(done.status)}${done.error ? ` (${String((done.error as Json).code)})` : ""}`
      : "still running";
  }
  if (c === "submit finetune") {
    const form = new FormData();
    form.set("dataset", new Blob([new Uint8Array(await makeDatasetZip(2))]), "d.zip");
    form.set(
      "params",
      JSON.stringify({ finetune_comment: `fault ${String(fault.kind)}`, mode: "general", iterations: 100 }),
    );
    const r = await call<{ finetune?: Json; code?: string }>(dash.url, "/api/finetunes", {
      method: "POST",
      body: form,
    });
    const created = r.body.finetune;
    if (r.status !== 201 || !created) return `${r.status} ${String(r.body.code)}`;
    let outcome = `accepted (${String(created.status)})`;
    // A queued finetune goes out when BFL allows; wait for it so the next case counts only its own POSTs.
    if (created.status === "Queued") {
      const sent = await within(
        "finetune sent",
        async () => {
          const f = (await call<{ finetune: Json }>(dash.url, `/api/finetunes/${String(created.id)}`)).body
            .finetune;
          return f.status !== "Queued" ? String(f.status) : null;
        },
        30_000,
      );
      outcome += ` → ${sent ?? "still queued"}`;
    }
    return outcome;
  }
  const r = await call<{ upstream_error?: Json }>(
    dash.url,
    c === "list finetunes" ? "/api/finetunes" : `/api/finetunes/${finetuneId}`,
  );
  return `${r.status}${r.body.upstream_error ? ` + upstream_error ${String(r.body.upstream_error.code)}` : ""}`;
}

export async function faultMatrix(
  dash: RunningServer,
  sim: RunningServer,
  finetuneId: string,
): Promise<FaultRow[]> {
  const rows: FaultRow[] = [];
  for (const c of Object.keys(CALLS) as Call[]) {
    for (const kind of KINDS) {
      await clearSim(sim);
      await sleep(c === "list finetunes" ? 5_200 : 0); // let the cached list expire
      const target = CALLS[c];
      const fault = { kind, count: 1, retry_after: 1, hang_ms: 3_000, ...target };
      if (c !== "poll result") await simPost(sim, "/_simulator/faults", fault);
      const outcome = await outcomeOf(c, dash, sim, finetuneId, fault);
      await sleep(kind === "hang" ? 3_500 : 500);
      const stats = (await call<{ method_paths: Record<string, number> }>(sim.url, "/_simulator/stats")).body;
      const submissions = stats.method_paths[`POST ${target.path}`] ?? 0;
      const retryable = kind === "429" || kind === "503" || kind === "500";
      const survived =
        !/^5\d\d undefined|still running|internal/.test(outcome) &&
        (target.method === "GET" || submissions <= (retryable ? 2 : 1));
      rows.push({ call: c, kind, outcome, survived, submissions });
      console.log(`fault ${c} / ${kind}: ${outcome} (${submissions} POST) ${survived ? "ok" : "FAILED"}`);
    }
  }
  await call(sim.url, "/_simulator/faults", { method: "DELETE" });
  return rows;
}
