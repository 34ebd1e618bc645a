import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import type { BenchContext } from "./context";
import { DIST_DIR, ROOT } from "./processes";
import { kB, round, sleep } from "./stats";
import type { PartResult, PartRunner } from "./types";
import { blindSignatures, featureSignatures, findFeatures } from "./weight-features";

/**
 * Part 5: first-load JavaScript of each route of the production build, gzip-compressed here with zlib
 * (level 6) from the bytes Chromium actually fetched before the `load` event, with a cold cache each.
 * The baseline is Next's not-found page (`/__bench_empty__`): root layout + React + Next, no page code.
 */

const LIMIT_KB = 40;
const EMPTY = "/__bench_empty__";

interface Script {
  url: string;
  raw: number;
  gzip: number;
  text: string;
  beforeLoad: boolean;
}

interface RouteWeight {
  route: string;
  status: number;
  firstLoadGzip: number;
  firstLoadRaw: number;
  lateGzip: number;
  chunks: { file: string; gzip: number }[];
  lateChunks: { file: string; gzip: number }[];
  workers: string[];
  features: string[];
  scripts: Script[];
}

const file = (url: string) => new URL(url).pathname.replace(/^\/_next\/static\//, "");

async function measure(page: Page, url: string): Promise<RouteWeight> {
  const scripts: Script[] = [];
  const workers: string[] = [];
  const pending: Promise<void>[] = [];
  let loaded = false;
  page.on("worker", (w) => workers.push(w.url()));
  page.on("response", (res) => {
    const req = res.request();
    if (req.resourceType() !== "script" && !/\.m?js(\?|$)/.test(res.url())) return;
    const beforeLoad = !loaded;
    pending.push(
      res
        .body()
        .then((b) => {
          scripts.push({
            url: res.url(),
            raw: b.length,
            gzip: gzipSync(b, { level: 6 }).length,
            text: b.toString("utf8"),
            beforeLoad,
          });
        })
        .catch(() => undefined),
    );
  });
  page.on("load", () => {
    loaded = true;
  });
  const res = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
  // Chunks fetched after load (lazy components, prefetches) are listed apart, not counted as first load.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  await sleep(300);
  await Promise.all(pending);
  const first = scripts.filter((s) => s.beforeLoad);
  const late = scripts.filter((s) => !s.beforeLoad);
  const sum = (list: Script[], k: "gzip" | "raw") => list.reduce((n, s) => n + s[k], 0);
  return {
    route: new URL(url).pathname,
    status: res?.status() ?? 0,
    firstLoadGzip: sum(first, "gzip"),
    firstLoadRaw: sum(first, "raw"),
    lateGzip: sum(late, "gzip"),
    chunks: first.map((s) => ({ file: file(s.url), gzip: s.gzip })).sort((a, b) => b.gzip - a.gzip),
    lateChunks: late.map((s) => ({ file: file(s.url), gzip: s.gzip })).sort((a, b) => b.gzip - a.gzip),
    workers,
    features: [],
    scripts: first,
  };
}

export const runWeight: PartRunner = async (ctx: BenchContext, result: PartResult) => {
  const [dash, browser] = await Promise.all([ctx.dash(), ctx.browser()]);
  // /finetunes/[id] needs a finetune; without one the other routes are still worth weighing.
  const seeded = await ctx.seeded().catch((err: unknown) => {
    result.notes.push(
      `/finetunes/[id] was not weighed: seeding a finetune failed (${String(err).slice(0, 200)}).`,
    );
    return null;
  });
  const routes = [
    EMPTY,
    "/",
    "/new",
    "/finetunes",
    ...(seeded ? [`/finetunes/${seeded.finetuneId}`] : []),
    "/playground",
    "/gallery",
  ];
  const signatures = featureSignatures();
  const blind = blindSignatures(path.join(ROOT, DIST_DIR, "static"), signatures);
  const weights: RouteWeight[] = [];
  for (const route of routes) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const w = await measure(page, `${dash.url}${route}`);
      w.features = findFeatures(w.scripts, signatures, w.workers);
      weights.push(w);
    } finally {
      await context.close();
    }
  }
  const empty = weights[0]!;
  if (empty.status !== 404)
    result.notes.push(`Note: the baseline ${EMPTY} answered ${empty.status}, not 404.`);
  result.figures.push({
    key: "empty_kb",
    label: `empty page (${EMPTY}, Next's not-found page)`,
    value: kB(empty.firstLoadGzip),
    unit: "kB",
    reference: "React + Next + root layout",
  });
  for (const w of weights.slice(1)) {
    const over = (w.firstLoadGzip - empty.firstLoadGzip) / 1024;
    const label = w.route.startsWith("/finetunes/") ? "/finetunes/[id]" : w.route;
    const extra = w.chunks.filter((c) => !empty.chunks.some((e) => e.file === c.file));
    // jszip may come with /new's first load (issue 4); worker code, started workers and the mask
    // painter belong in no first load: they load when a drop or the fill endpoint needs them.
    const allowed = (f: string) => f === "jszip" && label === "/new";
    const misplaced = w.features.filter((f) => !allowed(f));
    const okWeight = over <= LIMIT_KB && w.status === 200;
    result.figures.push({
      key: `route_${label}_kb`,
      label: `${label}: first-load JS`,
      value: kB(w.firstLoadGzip),
      unit: "kB",
      reference: `empty + ${round(over, 1)} kB`,
      target: `≤ empty + ${LIMIT_KB} kB; heavy code only where used`,
      pass: okWeight && misplaced.length === 0,
      note: [
        w.status !== 200 ? `answered HTTP ${w.status}` : "",
        over > LIMIT_KB
          ? `${round(over - LIMIT_KB, 1)} kB over; route-only chunks: ${extra
              .slice(0, 5)
              .map((c) => `${c.file} ${kB(c.gzip)} kB`)
              .join(", ")}`
          : "",
        misplaced.length > 0
          ? `first-load JS contains ${misplaced.join(", ")} (should load only when used)`
          : "",
      ]
        .filter(Boolean)
        .join("; "),
    });
  }
  result.notes.push(
    "| Route | First load (gzip) | Above empty | Route-only chunks (gzip) | Loaded after `load` | Workers at load | Heavy code in first load |",
    "|---|---|---|---|---|---|---|",
    ...weights.map((w) => {
      const extra = w.chunks.filter((c) => !empty.chunks.some((e) => e.file === c.file));
      return `| ${w.route} | ${kB(w.firstLoadGzip)} kB | ${kB(w.firstLoadGzip - empty.firstLoadGzip)} kB | ${extra.map((c) => `\`${c.file}\` ${kB(c.gzip)}`).join(", ") || "none"} | ${kB(w.lateGzip)} kB | ${w.workers.length} | ${w.features.join(", ") || "none"} |`;
    }),
    "",
    `Heavy-code signatures searched in first-load chunks: ${signatures.map((s) => `${s.feature} (${s.needles.map((n) => JSON.stringify(n)).join(" or ")})`).join("; ")}.`,
  );
  if (blind.length > 0)
    result.notes.push(
      `**Blind checks:** no chunk of the build contains the signature of ${blind.map((b) => b.feature).join(", ")}, so its absence from first loads proves nothing; update \`scripts/bench/weight-features.ts\`.`,
    );
  else result.notes.push("Each signature was found in some chunk of the build, so each check can fail.");
  result.details = {
    blind: blind.map((b) => b.feature),
    routes: weights.map(({ scripts: _s, ...w }) => w),
  };
};
