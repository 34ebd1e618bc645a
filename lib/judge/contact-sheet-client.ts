import type { SheetLayout } from "./contact-sheet";
import type { SheetResponse } from "./contact-sheet.worker";

/** Build the sheet's PNG in a Web Worker (one per export; it ends when done). */
export function renderContactSheet(layout: SheetLayout): Promise<Blob> {
  if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") {
    return Promise.reject(
      new Error("This browser cannot draw images in the background (no OffscreenCanvas)."),
    );
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./contact-sheet.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<SheetResponse>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.png);
      else reject(new Error(`The contact sheet could not be drawn: ${e.data.error}`));
    };
    worker.onerror = () => {
      worker.terminate();
      reject(new Error("The contact sheet could not be drawn: the background worker failed to start."));
    };
    worker.postMessage({ layout });
  });
}
