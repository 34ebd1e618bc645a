import { extOf } from "@/lib/bfl/image-format";
import type { DatasetItem } from "./types";

/** What goes into the training ZIP: one file per image (stored) and a .txt per non-empty caption (deflated). */
export interface ZipPlanEntry {
  name: string;
  /** Which image's bytes, or the caption text. */
  source: { kind: "image"; id: string } | { kind: "caption"; text: string };
  compression: "STORE" | "DEFLATE";
}

export function planZip(items: readonly DatasetItem[]): ZipPlanEntry[] {
  const entries: ZipPlanEntry[] = [];
  const used = new Set<string>();
  for (const item of items) {
    if (item.status !== "ready" || !item.processed) continue;
    // Stems are unique within a dataset; keep the person's spelling of the file name.
    const dot = item.name.lastIndexOf(".");
    const base = (dot > 0 ? item.name.slice(0, dot) : item.name).replace(/[\\/:*?"<>|]/g, "_");
    let stem = base;
    for (let n = 2; used.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    used.add(stem.toLowerCase());
    entries.push({
      name: `${stem}.${extOf(item.processed.format)}`,
      source: { kind: "image", id: item.id },
      compression: "STORE",
    });
    const caption = item.caption?.trim();
    if (caption)
      entries.push({
        name: `${stem}.txt`,
        source: { kind: "caption", text: caption },
        compression: "DEFLATE",
      });
  }
  return entries;
}
