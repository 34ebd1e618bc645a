import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The import graph's two rules, checked from the source: `lib/bfl` stays isomorphic (the browser, the
 * server and the simulator all load it), and no module imports itself through others.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIRS = ["app", "components", "lib", "scripts", "tests"];
const EXTS = [".ts", ".tsx", ".mts"];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" ? [] : sourceFiles(full);
    return EXTS.some((e) => name.endsWith(e)) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The file a specifier names, or null for a package (`zod`, `node:fs`). */
function resolveLocal(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [
    base,
    ...EXTS.map((e) => base + e),
    ...EXTS.map((e) => path.join(base, `index${e}`)),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(ROOT, from)} imports "${spec}", which does not resolve to a file`);
}

/** Static imports, re-exports and `import()` with a literal specifier (type-only ones included). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const files = DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)));
const graph = new Map<string, { specs: string[]; local: string[] }>(
  files.map((f) => {
    const specs = importsOf(f);
    const local = specs.map((s) => resolveLocal(f, s)).filter((x): x is string => x !== null);
    return [f, { specs, local }];
  }),
);
const rel = (f: string) => path.relative(ROOT, f);

/**
 * Cycles that existed when this check was added, in code other lanes were rewriting at the time. A
 * cycle found must lie inside one of these (so they may shrink or vanish, never grow or appear anew);
 * delete an entry once its cycle is gone.
 */
const KNOWN_CYCLES: string[][] = [];

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.local ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.local.includes(v)) found.push(scc.map(rel).sort());
    }
  };
  for (const f of graph.keys()) if (!index.has(f)) visit(f);
  return found;
}

describe("import graph", () => {
  it("finds the project's files", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.has(path.join(ROOT, "lib/bfl/index.ts"))).toBe(true);
  });

  it("lib/bfl imports only itself and zod (no Node built-ins, sharp, server-only or app code)", () => {
    const bfl = path.join(ROOT, "lib/bfl") + path.sep;
    const bad: string[] = [];
    for (const [file, { specs, local }] of graph) {
      if (!file.startsWith(bfl)) continue;
      for (const s of specs) {
        if (!s.startsWith(".") && !s.startsWith("@/") && s !== "zod") bad.push(`${rel(file)} → ${s}`);
      }
      for (const l of local) if (!l.startsWith(bfl)) bad.push(`${rel(file)} → ${rel(l)}`);
    }
    expect(bad).toEqual([]);
  });

  it("has no circular import beyond the known ones, which may only shrink", () => {
    const isKnown = (scc: string[]) => KNOWN_CYCLES.some((k) => scc.every((f) => k.includes(f)));
    expect(cycles().filter((scc) => !isKnown(scc))).toEqual([]);
  });

  it("lib/bfl, lib/dataset, lib/playground and lib/node have no circular import at all", () => {
    const pure = /^lib\/(bfl|dataset|playground|node)\//;
    expect(cycles().filter((scc) => scc.some((f) => pure.test(f)))).toEqual([]);
  });

  it("detects a cycle when one exists (the check itself can fail)", () => {
    const a = path.join(ROOT, "lib/bfl/common.ts");
    const b = path.join(ROOT, "lib/bfl/ids.ts");
    const saved = [graph.get(a), graph.get(b)];
    graph.set(a, { specs: ["./ids"], local: [b] });
    graph.set(b, { specs: ["./common"], local: [a] });
    try {
      expect(cycles()).toContainEqual(["lib/bfl/common.ts", "lib/bfl/ids.ts"]);
    } finally {
      if (saved[0]) graph.set(a, saved[0]);
      if (saved[1]) graph.set(b, saved[1]);
    }
  });
});
