import { existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * docs/reliability.md is made of parts, each between `<!-- reliability:NAME -->` and
 * `<!-- /reliability:NAME -->`. A run replaces the parts it measured and keeps the others as the last
 * run left them, so `RELIABILITY_PARTS=live npm run reliability` updates only the live-profile figures.
 */

const open = (name: string) => `<!-- reliability:${name} -->`;
const close = (name: string) => `<!-- /reliability:${name} -->`;

export function writeParts(file: string, parts: Record<string, string>): void {
  let text = existsSync(file) ? readFileSync(file, "utf8") : "";
  for (const [name, markdown] of Object.entries(parts)) {
    const block = `${open(name)}\n${markdown.trim()}\n${close(name)}`;
    const a = text.indexOf(open(name));
    const b = text.indexOf(close(name));
    text =
      a >= 0 && b > a
        ? text.slice(0, a) + block + text.slice(b + close(name).length)
        : `${text.trimEnd()}${text ? "\n\n" : ""}${block}\n`;
  }
  writeFileSync(file, text);
}
