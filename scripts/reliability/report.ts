import os from "node:os";
import { type DataRow, renderDataRows } from "./data";

/** The Markdown of docs/reliability.md, from the figures scripts/reliability.ts measured. */

export interface LoadResult {
  requests: { total: number; average: number };
  latency: { average: number; p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface FaultRow {
  call: string;
  kind: string;
  outcome: string;
  survived: boolean;
  submissions: number;
}

/** When a part was measured and how busy the machine was (other work shares its cores). */
export function measured(): string {
  const load = os.loadavg().map((n) => n.toFixed(1));
  return `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, load average ${load.join(" / ")} (1 / 5 / 15 min).`;
}

/** The top of docs/reliability.md: the machine and how to rerun. */
export function renderHead(): string {
  const cpu = os.cpus();
  return `# Reliability figures

Produced by \`npm run reliability\` (scripts/reliability/main.ts). Machine: ${cpu[0]?.model ?? "unknown CPU"} × ${cpu.length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}.
Everything runs on loopback: the BFL simulator (or a stand-in BFL) and the dashboard (\`next start\`, production build), all started by the script.

\`\`\`
npm run reliability                                   # every part; RELIABILITY_SECONDS=60 RELIABILITY_CONNECTIONS=200
RELIABILITY_PARTS=live,upstream npm run reliability   # only those parts; the others keep their last figures
\`\`\`

Parts: \`core\` (hostile corpus, hostile data, fault matrix, load), \`edge\` (docs/security.md cases), \`live\`
(the simulator's live profile), \`upstream\` (answer size caps, key redaction, orphan sweep). Each part says
when it was measured. The per-case expectations of the corpus live in \`tests/fixtures/hostile/corpus.ts\`;
the same corpus runs in \`tests/api/security-hostile.test.ts\` and, for ZIP-level cases, through the page in
\`tests/e2e/security-hostile.spec.ts\`.
`;
}

export function renderReport(r: {
  seconds: number;
  connections: number;
  corpus: { tried: number; matched: number; failures: string[]; leftBehind: number };
  data: DataRow[];
  faults: FaultRow[];
  load: LoadResult;
  rssStart: number;
  rssEnd: number;
  rssSettled: number;
  rssSeries: number[];
  rssMax: number;
  genReady: number;
  genTotal: number;
  crashed: boolean;
}): string {
  const survived = r.faults.filter((f) => f.survived).length;
  const l = r.load;
  return `## Summary

${measured()}

| what | figure |
|---|---|
| hostile dataset inputs tried | ${r.corpus.tried} (each answered with its expected 4xx code and message: ${r.corpus.matched}) |
| files left behind by refused uploads | ${r.corpus.leftBehind} |
| upstream faults injected | ${r.faults.length} (survived with a retry or a clear message, no double submission: ${survived}) |
| requests served under load | ${l.requests.total} in ${r.seconds} s by ${r.connections} connections (${Math.round(l.requests.average)}/s) |
| errors / timeouts / non-2xx | ${l.errors} / ${l.timeouts} / ${l.non2xx} |
| latency | average ${l.latency.average} ms, p50 ${l.latency.p50} ms, p99 ${l.latency.p99} ms, max ${l.latency.max} ms |
| dashboard memory (VmRSS) | ${r.rssStart} MB at start, ${r.rssEnd} MB at the end of the load, ${r.rssSettled} MB 15 s later, ${r.rssMax} MB peak |
| VmRSS every 10 s of the load (MB) | ${r.rssSeries.join(" → ")} |
| images generated during the load | ${r.genReady} of ${r.genTotal} Ready |
| dashboard crashed | ${r.crashed ? "yes" : "no"} |

The load reads \`GET /api/finetunes\` and \`GET /api/generations/{id}\` in turn while 20 generations are
submitted across the window (each takes about 3 s in the simulator, so images are always in flight).

${renderDataRows(r.data)}
## Upstream faults

| call | fault | outcome | POSTs seen by BFL | survived |
|---|---|---|---|---|
${r.faults.map((f) => `| ${f.call} | ${f.kind} | ${f.outcome} | ${f.submissions} | ${f.survived ? "yes" : "**no**"} |`).join("\n")}

${r.corpus.failures.length ? `## Corpus cases that did not get their expected answer\n\n${r.corpus.failures.map((f) => `- ${f}`).join("\n")}\n` : ""}`;
}
