import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./processes";

/**
 * How to recognise heavy code inside a minified chunk: strings that survive minification. jszip's own
 * error text; for the mask painter, the test ids and labels its source declares (read from the source
 * at bench time, so a rename does not silently turn the check off). Workers are seen directly: the page
 * reports every worker it starts.
 */

export interface Signature {
  feature: string;
  needles: string[];
}

function literalsFrom(dir: string, namePattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out = new Set<string>();
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!namePattern.test(path.basename(f)) || !/\.tsx?$/.test(f)) continue;
    const src = readFileSync(path.join(dir, f), "utf8");
    for (const m of src.matchAll(/data-testid=["']([a-z0-9-]{6,})["']/g)) if (m[1]) out.add(m[1]);
  }
  return [...out];
}

export function featureSignatures(): Signature[] {
  const sigs: Signature[] = [{ feature: "jszip", needles: ["End of data reached (data length"] }];
  const mask = literalsFrom(path.join(ROOT, "components/playground"), /mask/i);
  if (mask.length > 0) sigs.push({ feature: "mask painter", needles: mask });
  return sigs;
}

export function findFeatures(
  scripts: { text: string }[],
  signatures: Signature[],
  workers: string[] = [],
): string[] {
  const found = signatures
    .filter((s) => scripts.some((sc) => s.needles.some((n) => sc.text.includes(n))))
    .map((s) => s.feature);
  if (workers.length > 0) found.push("workers");
  return found;
}
