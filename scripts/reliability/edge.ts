import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { login, loginFrom, postZeros, rawRequest } from "../../tests/api/security-helpers";
import { rssBytes } from "../../tests/fixtures/proc";
import {
  freePort,
  type RunningServer,
  removeDir,
  startDashboard,
  tempDir,
} from "../../tests/helpers/servers";
import { measured } from "./report";

/**
 * The edge cases of docs/security.md, each measured against a real `next start` with a password:
 * DNS rebinding, memory before auth, login limits, the start-up policy, `next` and malformed paths,
 * the image optimizer and a damaged database. Part of `npm run reliability`; alone:
 * `RELIABILITY_PARTS=edge npm run reliability`.
 */

export interface EdgeRow {
  case: string;
  figure: string;
  ok: boolean;
}

const PASSWORD = "reliability edge password";
const MB = 1024 * 1024;
const ROOT = path.resolve(import.meta.dirname, "../..");
const NO_BFL = "http://127.0.0.1:9";

async function rebinding(dash: RunningServer): Promise<EdgeRow> {
  const evil = `rebind.evil.example:${dash.port}`;
  const targets = [
    ["GET", "/"],
    ["GET", "/gallery"],
    ["GET", "/api/health"],
    ["GET", "/api/finetunes"],
    ["POST", "/api/generations"],
    ["DELETE", "/api/finetunes/abc"],
  ] as const;
  let refused = 0;
  for (const [method, p] of targets) {
    const res = await rawRequest(`${dash.url}${p}`, {
      method,
      headers: { host: evil, origin: `http://${evil}` },
    });
    if (res.status === 421) refused++;
  }
  return {
    case: "DNS rebinding (Host: rebind.evil.example) on pages and API",
    figure: `${refused} of ${targets.length} requests refused with 421`,
    ok: refused === targets.length,
  };
}

async function bodies(dash: RunningServer): Promise<EdgeRow> {
  const pid = dash.proc.pid;
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, 20);
  const started = Date.now();
  let statuses: number[];
  try {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => postZeros(`${dash.url}/api/finetunes`, 150 * MB, {})),
    );
    statuses = results.map((r) => r.status);
  } finally {
    clearInterval(sampler);
  }
  const growth = (Math.max(peak, rssBytes(pid)) - before) / MB;
  return {
    case: "4 parallel unauthenticated 150 MB uploads",
    figure: `answers ${statuses.join(", ")} in ${Date.now() - started} ms; RSS growth ${growth.toFixed(1)} MB (limit 150)`,
    ok: statuses.every((s) => s === 401) && growth < 150,
  };
}

async function loginLimits(dash: RunningServer): Promise<EdgeRow[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) {
    const r = await loginFrom(dash.url, `wrong-${i}`, "127.0.5.1", { "x-forwarded-for": `10.0.0.${i}` });
    statuses.push(r.status);
  }
  const wrongAnswers = statuses.filter((s) => s === 401).length;
  for (let a = 10; a < 20; a++) {
    for (let i = 0; i < 5; i++) await loginFrom(dash.url, `guess-${i}`, `127.0.6.${a}`);
  }
  const owner = await loginFrom(dash.url, PASSWORD, "127.0.7.1");
  return [
    {
      case: "8 wrong logins, each with a new X-Forwarded-For",
      figure: `${wrongAnswers} evaluated, then ${statuses.length - wrongAnswers} × 429 (${statuses.join(" ")})`,
      ok: wrongAnswers === 4,
    },
    {
      case: "the owner's correct password after 55 wrong ones from 11 addresses",
      figure: `${owner.status}`,
      ok: owner.status === 204,
    },
  ];
}

async function nextAndPaths(dash: RunningServer): Promise<EdgeRow[]> {
  const { cookie } = await login(dash.url, PASSWORD);
  const offSite = [
    "/\t/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example",
  ];
  let onSite = 0;
  for (const next of offSite) {
    const res = await fetch(`${dash.url}/login?next=${encodeURIComponent(next)}`, {
      headers: { cookie },
      redirect: "manual",
    });
    const location = new URL(res.headers.get("location") ?? "/", dash.url);
    if (location.origin === dash.url && !location.href.includes("evil")) onSite++;
  }
  const paths = [
    "/finetunes/%ff",
    "/finetunes/%",
    "/%ff",
    "/login?next=%ff",
    "/api/finetunes/%ff",
    "/api/%ff",
  ];
  let fiveHundreds = 0;
  for (const p of paths) {
    for (const headers of [{ cookie }, {}] as Record<string, string>[]) {
      if ((await rawRequest(`${dash.url}${p}`, { headers })).status >= 500) fiveHundreds++;
    }
  }
  const image = await fetch(`${dash.url}/_next/image?url=%2Fx&w=64&q=75`, { headers: { cookie } });
  return [
    {
      case: "login `next` values that would leave the site (tab, newline, //, /\\, https://)",
      figure: `${onSite} of ${offSite.length} redirected on-site`,
      ok: onSite === offSite.length,
    },
    {
      case: "broken %-escapes on pages and API, with and without a session",
      figure: `${fiveHundreds} of ${paths.length * 2} answered 5xx`,
      ok: fiveHundreds === 0,
    },
    { case: "Next's image optimizer (/_next/image)", figure: `${image.status}`, ok: image.status === 404 },
  ];
}

async function startupRefusal(): Promise<EdgeRow> {
  const dataDir = tempDir("edge-start");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    BFL_API_URL: NO_BFL,
  };
  delete env.HOST;
  delete env.DASHBOARD_PASSWORD;
  const started = Date.now();
  const proc = spawn("npm", ["start", "--", "-H", "0.0.0.0"], {
    cwd: ROOT,
    env,
    stdio: "pipe",
    detached: true,
  });
  let output = "";
  proc.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      if (proc.pid) process.kill(-proc.pid, "SIGKILL");
      resolve(null);
    }, 45_000);
    proc.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  removeDir(dataDir);
  const refused = code !== null && code !== 0 && output.includes("Refusing to start");
  return {
    case: "`npm start -- -H 0.0.0.0` without a password",
    figure: refused
      ? `refused, exit code ${code}, after ${Date.now() - started} ms`
      : `not refused (${code})`,
    ok: refused,
  };
}

async function damagedDatabase(): Promise<EdgeRow> {
  const dataDir = tempDir("edge-db");
  writeFileSync(path.join(dataDir, "studio.db"), Buffer.alloc(8192, 0x5a));
  const dash = await startDashboard({ bflUrl: NO_BFL, dataDir, readyPath: "/login" });
  try {
    const health = await fetch(`${dash.url}/api/health`);
    const page = await (await fetch(`${dash.url}/`)).text();
    const alert = page.includes('data-testid="storage-alert"') && page.includes("is damaged");
    return {
      case: "a damaged studio.db",
      figure: `/api/health ${health.status}; page alert ${alert ? "shown" : "missing"}`,
      ok: health.status === 507 && alert,
    };
  } finally {
    await dash.stop();
    removeDir(dataDir);
  }
}

export async function edgeCases(): Promise<EdgeRow[]> {
  const dash = await startDashboard({ bflUrl: NO_BFL, env: { DASHBOARD_PASSWORD: PASSWORD } });
  const rows: EdgeRow[] = [];
  try {
    rows.push(
      await rebinding(dash),
      await bodies(dash),
      ...(await loginLimits(dash)),
      ...(await nextAndPaths(dash)),
    );
  } finally {
    await dash.stop();
    removeDir(dash.dataDir);
  }
  rows.push(await startupRefusal(), await damagedDatabase());
  return rows;
}

export function renderEdge(rows: EdgeRow[]): string {
  return `
## Edge cases (scripts/reliability/edge.ts)

${measured()} Against \`next start\` with DASHBOARD_PASSWORD set; see docs/security.md for what each guards.

| case | figure | as required |
|---|---|---|
${rows.map((r) => `| ${r.case.replaceAll("|", "\\|")} | ${r.figure} | ${r.ok ? "yes" : "**no**"} |`).join("\n")}
`;
}
