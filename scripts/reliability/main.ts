import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { readyFinetune } from "../../tests/api/server-helpers";
import { makeDatasetZip } from "../../tests/fixtures/zips";
import { removeDir, startDashboard, startSimulator } from "../../tests/helpers/servers";
import { hostileData } from "./data";
import { edgeCases, renderEdge } from "./edge";
import { faultMatrix } from "./faults";
import { hostileCorpus } from "./hostile";
import { liveProfile, renderLive } from "./live";
import { loadRun } from "./load";
import { renderHead, renderReport } from "./report";
import { writeParts } from "./sections";
import { capsAndRedaction, orphanSweep, renderUpstream } from "./upstream";

/**
 * `npm run reliability`: the figures of docs/reliability.md, measured on this machine, loopback only and
 * bounded in time. Runs the parts named in RELIABILITY_PARTS (default: all) on the build in
 * $NEXT_DIST_DIR (built first if missing) and replaces only their sections of the document:
 * core (hostile corpus and data, upstream fault matrix, RELIABILITY_CONNECTIONS (200) clients reading
 * status for RELIABILITY_SECONDS (60) while 20 images run), edge, live, upstream.
 */

const PARTS = ["core", "edge", "live", "upstream"] as const;
type Part = (typeof PARTS)[number];
const SECONDS = Number(process.env.RELIABILITY_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.RELIABILITY_CONNECTIONS ?? 200);
const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const DOC = path.join(ROOT, "docs/reliability.md");

function chosenParts(): Part[] {
  const raw = process.env.RELIABILITY_PARTS?.split(",").map((p) => p.trim()) ?? [...PARTS];
  const bad = raw.filter((p) => !PARTS.includes(p as Part));
  if (bad.length) {
    console.error(`RELIABILITY_PARTS: unknown part ${bad.join(", ")}; choose from ${PARTS.join(", ")}`);
    process.exit(2);
  }
  return raw as Part[];
}

async function core(): Promise<string> {
  const sim = await startSimulator({
    env: { SIMULATOR_TRAINING_SECONDS: "2", SIMULATOR_INFERENCE_SECONDS: "3" },
  });
  const dash = await startDashboard({ bflUrl: sim.url, env: { BFL_TIMEOUT_MS: "1500" } });
  try {
    console.log("hostile corpus…");
    const corpus = await hostileCorpus(dash);
    const ft = await readyFinetune(dash, sim, "reliability");
    console.log("hostile data…");
    const data = await hostileData(dash, await makeDatasetZip(4));
    console.log("fault matrix…");
    const faults = await faultMatrix(dash, sim, String(ft.id));
    console.log(`load: ${CONNECTIONS} connections for ${SECONDS} s…`);
    const run = await loadRun(dash, String(ft.id), SECONDS, CONNECTIONS);
    const l = run.load;
    console.log(
      `${l.requests.total} requests, ${l.errors} errors, p99 ${l.latency.p99} ms, RSS ${run.rssStart} → ${run.rssEnd} → ${run.rssSettled} MB`,
    );
    return renderReport({ seconds: SECONDS, connections: CONNECTIONS, corpus, data, faults, ...run });
  } finally {
    await dash.stop();
    await sim.stop();
    removeDir(dash.dataDir);
    removeDir(sim.dataDir);
  }
}

const RUNNERS: Record<Part, () => Promise<string>> = {
  core,
  edge: async () => {
    const rows = await edgeCases();
    for (const r of rows) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.case}: ${r.figure}`);
    return renderEdge(rows);
  },
  live: async () => renderLive(await liveProfile()),
  upstream: async () => {
    const rows = [...(await capsAndRedaction()), await orphanSweep()];
    for (const r of rows) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.case}: ${r.figure}`);
    return renderUpstream(rows);
  },
};

async function main() {
  const parts = chosenParts();
  if (!existsSync(path.join(ROOT, DIST, "BUILD_ID"))) {
    console.log(`No build in ${DIST}: building…`);
    const b = spawnSync("npx", ["next", "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (b.status !== 0) process.exit(1);
  }
  const written: Record<string, string> = { head: renderHead() };
  for (const part of parts) {
    console.log(`== ${part}`);
    written[part] = await RUNNERS[part]();
    // Written after each part, so a later part's failure keeps what was measured.
    writeParts(DOC, written);
  }
  const failed = (
    Object.values(written)
      .join("\n")
      .match(/\*\*no\*\*/g) ?? []
  ).length;
  console.log(`wrote ${parts.join(", ")} to docs/reliability.md; ${failed} case(s) not as required`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
