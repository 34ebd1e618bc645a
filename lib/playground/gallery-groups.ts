import type { Generation } from "@/lib/api/types";
import { fieldLabel } from "./form-model";

/** Gallery layout: runs of single images in a grid, each sweep as one row, newest first. */
export type GalleryBlock =
  | { kind: "grid"; key: string; items: Generation[] }
  | { kind: "sweep"; key: string; sweepId: string; items: Generation[] };

export function groupGallery(generations: Generation[]): GalleryBlock[] {
  const blocks: GalleryBlock[] = [];
  const sweeps = new Map<string, Generation[]>();
  for (const g of generations) {
    if (g.sweep_id) {
      const existing = sweeps.get(g.sweep_id);
      if (existing) {
        existing.push(g);
        continue;
      }
      const items = [g];
      sweeps.set(g.sweep_id, items);
      blocks.push({ kind: "sweep", key: `sweep-${g.sweep_id}`, sweepId: g.sweep_id, items });
      continue;
    }
    const last = blocks[blocks.length - 1];
    if (last?.kind === "grid") last.items.push(g);
    else blocks.push({ kind: "grid", key: `grid-${g.id}`, items: [g] });
  }
  for (const b of blocks)
    if (b.kind === "sweep") b.items.sort((a, c) => a.finetune_strength - c.finetune_strength);
  return blocks;
}

/** Viewer order: the order the blocks show them in. */
export function viewerOrder(blocks: GalleryBlock[]): Generation[] {
  return blocks.flatMap((b) => b.items);
}

const IMAGE_INPUT_LABELS: Record<string, string> = {
  control_image: "Control image",
  image: "Image to fill",
  mask: "Mask",
  image_prompt: "Image prompt",
};

function paramValue(v: unknown): string {
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (v === null || v === undefined) return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Every parameter of a generation as rows for the viewer, named in words (never raw API keys). */
export function parameterRows(g: Generation): { name: string; value: string }[] {
  const rows = Object.entries(g.params)
    .filter(([k]) => !["prompt", "finetune_id", "finetune_strength", "seed"].includes(k))
    .map(([key, v]) => ({ name: fieldLabel(key), value: paramValue(v) }));
  for (const input of g.inputs) {
    rows.push({
      name: IMAGE_INPUT_LABELS[input] ?? fieldLabel(input),
      value: "Sent (kept on the dashboard)",
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}
