import path from "node:path";

/** A database name from any text (a test file, a data folder): stable, unique enough, safe. */
export function databaseNameFor(text: string): string {
  let h = 0;
  for (const c of text) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const slug = path
    .basename(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 40);
  return `t_${slug}_${h.toString(36)}`;
}
