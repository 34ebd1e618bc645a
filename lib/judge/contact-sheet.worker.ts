/// <reference lib="webworker" />
import { serveWorker } from "@/lib/workers/serve";
import type { SheetLayout, SheetTile } from "./contact-sheet";

/**
 * Draws a contact sheet off the main thread: fetches each image (same origin, so the session cookie
 * goes along), decodes it with createImageBitmap, draws it fitted into its cell, writes the labels and
 * answers with the PNG as a Blob.
 */

/** This worker's contract (lib/workers/rpc.ts): a layout in, the sheet's PNG out. */
export type SheetContract = { render: { req: { layout: SheetLayout }; res: Blob } };

async function drawTile(ctx: OffscreenCanvasRenderingContext2D, t: SheetTile): Promise<void> {
  ctx.fillStyle = "#e4e4e7";
  ctx.fillRect(t.x, t.y, t.size, t.size);
  let bitmap: ImageBitmap | null = null;
  if (t.url) {
    try {
      const res = await fetch(t.url);
      if (res.ok) bitmap = await createImageBitmap(await res.blob());
    } catch {
      bitmap = null;
    }
  }
  if (!bitmap) {
    ctx.fillStyle = "#52525b";
    ctx.font = "14px sans-serif";
    ctx.textAlign = "center";
    ctx.fillText("no image", t.x + t.size / 2, t.y + t.size / 2);
    return;
  }
  const scale = Math.min(t.size / bitmap.width, t.size / bitmap.height);
  const w = bitmap.width * scale;
  const h = bitmap.height * scale;
  ctx.drawImage(bitmap, t.x + (t.size - w) / 2, t.y + (t.size - h) / 2, w, h);
  bitmap.close();
}

serveWorker<SheetContract>({
  async render({ layout }) {
    const canvas = new OffscreenCanvas(layout.width, layout.height);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d context");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, layout.width, layout.height);
    await Promise.all(layout.tiles.map((t) => drawTile(ctx, t)));
    for (const l of layout.labels) {
      ctx.fillStyle = "#18181b";
      ctx.font = `${l.bold ? "bold " : ""}${l.size}px sans-serif`;
      ctx.textAlign = l.align;
      ctx.fillText(l.text, l.x, l.y);
    }
    return canvas.convertToBlob({ type: "image/png" });
  },
});
