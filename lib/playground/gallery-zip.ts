import type { Generation } from "@/lib/api/types";

/**
 * One ZIP of the chosen images, named as the single download names them. The images are already
 * compressed (JPEG/PNG), so they are stored, not deflated again: building the ZIP is a quick copy.
 */
export async function buildGalleryZip(
  items: readonly Pick<Generation, "id" | "image_url" | "output_format" | "finetune_strength" | "seed">[],
  nameOf: (g: Pick<Generation, "id" | "output_format" | "finetune_strength" | "seed">) => string,
): Promise<{ blob: Blob; count: number; skipped: number }> {
  // Loaded only when someone downloads: jszip is not part of the gallery page, and its start-up
  // global probe (an eval the CSP refuses) never runs on a plain visit.
  const { default: JSZip } = await import("jszip");
  const zip = new JSZip();
  let count = 0;
  for (const g of items) {
    if (!g.image_url) continue;
    const res = await fetch(g.image_url);
    if (!res.ok) throw new Error(`An image could not be read (${res.status}); nothing was downloaded.`);
    zip.file(nameOf(g), await res.arrayBuffer(), { binary: true });
    count++;
  }
  const blob = await zip.generateAsync({ type: "blob", compression: "STORE" });
  return { blob, count, skipped: items.length - count };
}

/** Hand a blob to the browser as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
