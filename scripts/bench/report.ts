import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describeMachine } from "./machine";
import { METHOD } from "./method";
import { ROOT } from "./processes";
import { fmtBytes, fmtMs } from "./stats";
import { type Figure, PART_IDS, PART_TITLES, type PartId, type PartResult } from "./types";

/** The table on stdout, the Markdown document, and the data block that lets `--only` runs merge. */

export const DOC_PATH = path.join(ROOT, "docs", "benchmarks.md");
const DATA_START = "<!-- bench-data";
const DATA_END = "bench-data -->";

export function formatValue(f: Figure): string {
  if (f.value === null) return "n/a";
  switch (f.unit) {
    case "ms":
      return fmtMs(f.value);
    case "B":
      return fmtBytes(f.value);
    case "kB":
      return `${f.value.toFixed(1)} kB`;
    case "req/s":
      return `${Math.round(f.value).toLocaleString("en-US")} req/s`;
    case "x":
      return `${f.value.toFixed(2)}×`;
    default:
      return `${f.value}${f.unit ? ` ${f.unit}` : ""}`;
  }
}

const verdict = (f: Figure) => (f.pass === undefined ? "" : f.pass ? "pass" : "MISS");

function rows(r: PartResult): string[][] {
  return r.figures.map((f) => [f.label, formatValue(f), f.reference ?? "", f.target ?? "", verdict(f)]);
}

export function textTable(results: PartResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push("", `${PART_TITLES[r.part]}${r.trial ? "  [trial]" : ""}`);
    if (r.error) lines.push(`  ERROR: ${r.error.split("\n")[0]}`);
    const body = rows(r);
    const head = ["measure", "value", "reference", "target", "result"];
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const fmt = (row: string[]) => `  ${row.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
    lines.push(fmt(head), `  ${widths.map((w) => "-".repeat(w)).join("  ")}`, ...body.map(fmt));
    for (const n of r.figures.filter((f) => f.pass === false && f.note))
      lines.push(`  miss: ${n.label}: ${n.note}`);
  }
  return lines.join("\n");
}

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

function mdTable(r: PartResult): string[] {
  const out = ["| Measure | Value | Reference (same run) | Target | Result |", "|---|---|---|---|---|"];
  for (const f of r.figures) {
    const v = verdict(f);
    out.push(
      `| ${cell(f.label)} | ${cell(formatValue(f))} | ${cell(f.reference ?? "")} | ${cell(f.target ?? "")} | ${v === "MISS" ? "**miss**" : v} |`,
    );
  }
  return out;
}

function partSection(r: PartResult): string[] {
  const out = [`## ${PART_TITLES[r.part]}`, ""];
  out.push(
    `${r.trial ? "**Trial run** (busy shared machine; rerun on a quiet one). " : ""}Run ${r.date}, took ${fmtMs(r.durationMs)}. Machine: ${describeMachine(r.machine)}${r.loadAtEnd !== undefined ? `, at the part's end ${r.loadAtEnd}` : ""}.`,
    "",
  );
  if (r.error) out.push(`**The part did not finish:** \`${cell(r.error.split("\n")[0] ?? "")}\``, "");
  out.push(...mdTable(r), "");
  const misses = r.figures.filter((f) => f.pass === false);
  if (misses.length > 0) {
    out.push("Misses:", "");
    for (const f of misses) out.push(`- **${f.label}**: ${f.note ?? "see the figures above."}`);
    out.push("");
  }
  const other = r.figures.filter((f) => f.pass !== false && f.note);
  for (const f of other) out.push(`- ${f.label}: ${f.note}`);
  if (other.length > 0) out.push("");
  // Paragraphs need a blank line between them; rows of one table must stay together.
  r.notes.forEach((n, i) => {
    out.push(n);
    const next = r.notes[i + 1];
    if (!(n.startsWith("|") && next?.startsWith("|"))) out.push("");
  });
  return out;
}

export function readPrevious(): Partial<Record<PartId, PartResult>> {
  if (!existsSync(DOC_PATH)) return {};
  const text = readFileSync(DOC_PATH, "utf8");
  const start = text.indexOf(DATA_START);
  const end = text.indexOf(DATA_END);
  if (start < 0 || end < start) return {};
  try {
    return JSON.parse(text.slice(start + DATA_START.length, end)) as Partial<Record<PartId, PartResult>>;
  } catch {
    return {};
  }
}

/** Writes the document: this run's parts replace their earlier results; the others are kept as they were. */
export function writeDoc(results: PartResult[]): Partial<Record<PartId, PartResult>> {
  const merged = readPrevious();
  for (const r of results) merged[r.part] = r;
  const present = PART_IDS.flatMap((id) => (merged[id] ? [merged[id]] : []));
  const out = [
    "# Benchmarks",
    "",
    "Produced by `npm run bench` (`scripts/bench/`); do not edit by hand, rerun instead. Every figure stands",
    "beside its reference, measured in the same run on the same machine. `npm run bench -- --only=api,weight`",
    "reruns some parts (the others keep their last figures and dates); `npm run -s bench -- --json` prints the",
    "figures as one JSON object (`-s` keeps npm's banner off stdout); `--no-build` reuses `.next-bench`.",
    "Loopback only; every process the run starts is stopped by its PID. A full run takes about 3 to 5 minutes.",
    "",
  ];
  if (present.some((r) => r.trial)) {
    out.push(
      "> Parts marked **trial** were measured while other work shared the machine (1-minute load average",
      "> at the start above half the cores, or `--trial`). Rerun `npm run bench` on a quiet machine for the",
      "> real figures. Times are UTC.",
      "",
    );
  }
  out.push("## Summary", "", "| Part | Run | Targets met | Misses |", "|---|---|---|---|");
  for (const r of present) {
    const targets = r.figures.filter((f) => f.pass !== undefined);
    const missed = targets.filter((f) => f.pass === false).map((f) => f.label);
    out.push(
      `| ${PART_TITLES[r.part]} | ${r.date.slice(0, 16).replace("T", " ")}${r.trial ? " (trial)" : ""} | ${targets.length - missed.length}/${targets.length}${r.error ? " (incomplete)" : ""} | ${cell(missed.join("; ")) || "none"} |`,
    );
  }
  out.push("");
  for (const r of present) out.push(...partSection(r));
  out.push("## Method", "", ...METHOD, "");
  // "-->" inside a string would end the comment early; \u003e reads back as ">".
  out.push(DATA_START, JSON.stringify(merged, null, 1).replaceAll("-->", "--\\u003e"), DATA_END, "");
  writeFileSync(DOC_PATH, out.join("\n"));
  return merged;
}
