import { rawZip } from "../../tests/fixtures/hostile/raw-zip";
import { cpuMs } from "../../tests/fixtures/proc";
import { deflatedZeros } from "../../tests/fixtures/zips";
import type { RunningServer } from "../../tests/helpers/servers";

/**
 * Hostile data for `npm run reliability`: what one request of each kind costs the dashboard, in wall
 * time and in the server process's own CPU time (/proc/PID/stat, utime + stime).
 */

export interface DataRow {
  what: string;
  sent: string;
  answer: string;
  wallMs: number;
  cpuMs: number;
}

const ULTRA = "flux-pro-1.1-ultra-finetuned";
const TEN_MB = "x".repeat(10 * 1024 * 1024);

function finetuneForm(zip: Uint8Array, comment = "reliability"): FormData {
  const form = new FormData();
  form.set("dataset", new Blob([new Uint8Array(zip)]), "d.zip");
  form.set("params", JSON.stringify({ finetune_comment: comment, mode: "product", iterations: 100 }));
  return form;
}

export async function hostileData(dash: RunningServer, smallZip: Uint8Array): Promise<DataRow[]> {
  const shared = deflatedZeros(342);
  const lyingOne = rawZip([{ name: "a.jpg", data: deflatedZeros(1024), deflatedSize: 100_000 }]);
  const sharing = rawZip(
    ["a.jpg", "b.jpg", "c.jpg"].map((name, i) => ({
      name,
      data: shared,
      deflatedSize: 60_000,
      ...(i ? { sameDataAs: 0 } : {}),
    })),
  );
  const cases: { what: string; sent: string; init: RequestInit; path: string }[] = [
    {
      what: "ZIP whose image claims 100 kB but inflates to 1 GB",
      sent: `${Math.round(lyingOne.length / 1024)} kB`,
      path: "/api/finetunes",
      init: { method: "POST", body: finetuneForm(lyingOne) },
    },
    {
      what: "ZIP of 3 names sharing one stream (1 GB unpacked)",
      sent: `${Math.round(sharing.length / 1024)} kB`,
      path: "/api/finetunes",
      init: { method: "POST", body: finetuneForm(sharing) },
    },
    {
      what: "10 MB prompt",
      sent: "10 MB",
      path: "/api/generations",
      init: {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ endpoint: ULTRA, finetune_id: "x", prompt: TEN_MB }),
      },
    },
    {
      what: "10 MB finetune comment",
      sent: "10 MB",
      path: "/api/finetunes",
      init: { method: "POST", body: finetuneForm(smallZip, TEN_MB) },
    },
  ];
  const rows: DataRow[] = [];
  for (const c of cases) {
    const cpu0 = cpuMs(dash.proc.pid);
    const t0 = performance.now();
    const res = await fetch(`${dash.url}${c.path}`, c.init);
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    rows.push({
      what: c.what,
      sent: c.sent,
      answer: `${res.status} ${body.code ?? ""}`.trim(),
      wallMs: Math.round(performance.now() - t0),
      cpuMs: Math.round(cpuMs(dash.proc.pid) - cpu0),
    });
  }
  return rows;
}

export function renderDataRows(rows: DataRow[]): string {
  const lines = rows.map((r) => `| ${r.what} | ${r.sent} | ${r.answer} | ${r.wallMs} ms | ${r.cpuMs} ms |`);
  return `## Hostile data

What one request costs the dashboard (wall time at the client; CPU time of the server process).

| request | size sent | answer | wall | server CPU |
|---|---|---|---|---|
${lines.join("\n")}
`;
}
