import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** Page helpers for the dataset studio tests. */

export type FilePayload = { name: string; mimeType: string; buffer: Buffer };

export function fileFromPath(p: string): FilePayload {
  const ext = path.extname(p).slice(1).toLowerCase();
  const mimeType = ext === "png" ? "image/png" : ext === "webp" ? "image/webp" : "image/jpeg";
  return { name: path.basename(p), mimeType, buffer: readFileSync(p) };
}

export async function openStudio(page: Page) {
  await page.goto("/new");
  await expect(page.getByTestId("dataset-studio")).toHaveAttribute("data-loaded", "true");
}

export async function addFiles(page: Page, files: (string | FilePayload)[]) {
  await page
    .getByTestId("dataset-input")
    .setInputFiles(files.map((f) => (typeof f === "string" ? fileFromPath(f) : f)));
}

/** A real drag and drop: a DataTransfer built in the page with the files, dropped on the dropzone. */
export async function dragAndDrop(page: Page, files: FilePayload[]) {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, b64: f.buffer.toString("base64") }));
  const dt = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const it of items) {
      const bin = atob(it.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      transfer.items.add(new File([bytes], it.name, { type: it.type }));
    }
    return transfer;
  }, payload);
  const zone = page.getByTestId("dropzone");
  await zone.dispatchEvent("dragenter", { dataTransfer: dt });
  await zone.dispatchEvent("dragover", { dataTransfer: dt });
  await zone.dispatchEvent("drop", { dataTransfer: dt });
}

/** Wait until every card shows its pixel size (decoded, shrunk, hashed). */
export async function waitProcessed(page: Page, count: number, timeout = 60_000) {
  await expect(page.getByTestId("image-card")).toHaveCount(count, { timeout });
  await expect(page.getByTestId("image-size")).toHaveCount(count, { timeout });
}

export function card(page: Page, name: string) {
  return page.locator(`[data-testid=image-card][data-name="${name}"]`);
}

export async function fillForm(page: Page, name: string, mode = "character") {
  await page.getByTestId("field-finetune_comment").fill(name);
  await page.getByTestId("field-mode").selectOption(mode);
}
