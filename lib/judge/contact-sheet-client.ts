import { createWorkerPool, WorkerFailedError } from "@/lib/workers/pool";
import type { SheetLayout } from "./contact-sheet";
import type { SheetContract } from "./contact-sheet.worker";

/** Build the sheet's PNG in a Web Worker (one per export; it ends when done). */
export async function renderContactSheet(layout: SheetLayout): Promise<Blob> {
  if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") {
    throw new Error("This browser cannot draw images in the background (no OffscreenCanvas).");
  }
  const worker = createWorkerPool<SheetContract>(
    () => new Worker(new URL("./contact-sheet.worker.ts", import.meta.url), { type: "module" }),
    1,
  );
  try {
    return await worker.call("render", { layout });
  } catch (e) {
    const why =
      e instanceof WorkerFailedError
        ? "the background worker failed to start"
        : e instanceof Error
          ? e.message
          : String(e);
    throw new Error(`The contact sheet could not be drawn: ${why}.`);
  } finally {
    worker.terminate();
  }
}
