import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./processes";

/**
 * How to recognise heavy code inside a minified chunk: strings that survive minification. jszip's own
 * error text; for the dataset workers and the mask painter, text their source files declare (read at
 * bench time, so a rename does not silently turn the check off). Workers started during load are also
 * seen directly: the page reports every worker it starts.
 */

export interface Signature {
  feature: string;
  needles: string[];
}

function sourceFiles(dir: string, namePattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => namePattern.test(path.basename(f)) && /\.tsx?$/.test(f))
    .map((f) => readFileSync(path.join(dir, f), "utf8"));
}

/** data-testid values: unique to the component by the house rules. */
function testIds(sources: string[]): string[] {
  const out = new Set<string>();
  for (const src of sources)
    for (const m of src.matchAll(/data-testid=["']([a-z0-9-]{6,})["']/g)) if (m[1]) out.add(m[1]);
  return [...out];
}

/** Sentence-like string pieces (messages) written in the file itself: minifiers keep them verbatim. */
function messages(sources: string[], limit = 4): string[] {
  const out = new Set<string>();
  for (const src of sources)
    for (const m of src.matchAll(/["`]([A-Za-z][^"`$\\\n]{18,60}?)(?:["`]|\$\{)/g)) {
      const text = m[1]!;
      if (text.includes(" ") && !text.includes("/") && !/^[a-z-]+( [a-z-]+)*$/.test(text)) out.add(text);
    }
  return [...out].slice(0, limit);
}

export function featureSignatures(): Signature[] {
  const sigs: Signature[] = [{ feature: "jszip", needles: ["End of data reached (data length"] }];
  const workerSrc = sourceFiles(path.join(ROOT, "lib/dataset/workers"), /\.worker\.ts$/);
  // A message the main thread also spells out would be found everywhere: keep the worker's own only.
  const elsewhere = ["app", "components", "lib"]
    .flatMap((d) => sourceFiles(path.join(ROOT, d), /./))
    .filter((src) => !workerSrc.includes(src))
    .join("\n");
  const workerNeedles = messages(workerSrc).filter((n) => !elsewhere.includes(n));
  if (workerNeedles.length > 0) sigs.push({ feature: "dataset worker code", needles: workerNeedles });
  const mask = testIds(sourceFiles(path.join(ROOT, "components/playground"), /mask/i));
  if (mask.length > 0) sigs.push({ feature: "mask painter", needles: mask });
  return sigs;
}

/**
 * Which features' signatures occur nowhere in the build's static chunks: for those the check is blind
 * (the code was renamed, or minified differently), which the report says instead of a silent pass.
 */
export function blindSignatures(staticDir: string, signatures: Signature[]): Signature[] {
  if (!existsSync(staticDir)) return signatures;
  const chunks = readdirSync(staticDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(path.join(staticDir, f), "utf8"));
  return signatures.filter((s) => !chunks.some((c) => s.needles.some((n) => c.includes(n))));
}

export function findFeatures(
  scripts: { text: string }[],
  signatures: Signature[],
  workers: string[] = [],
): string[] {
  const found = signatures
    .filter((s) => scripts.some((sc) => s.needles.some((n) => sc.text.includes(n))))
    .map((s) => s.feature);
  if (workers.length > 0) found.push(`${workers.length} worker(s) started`);
  return found;
}
