import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Locator } from "@playwright/test";
import { PageObject } from "./page-object";

/** The dataset studio (/new): add files, wait for processing, fill the form. */

export type FilePayload = { name: string; mimeType: string; buffer: Buffer };

export function fileFromPath(p: string): FilePayload {
  const ext = path.extname(p).slice(1).toLowerCase();
  const mimeType = ext === "png" ? "image/png" : ext === "webp" ? "image/webp" : "image/jpeg";
  return { name: path.basename(p), mimeType, buffer: readFileSync(p) };
}

export class StudioPage extends PageObject {
  readonly root = this.page.getByTestId("dataset-studio");
  readonly cards = this.page.getByTestId("image-card");
  readonly submit = this.page.getByTestId("submit");
  readonly captions = this.page.getByTestId("caption-input");

  /** The same page object on another dashboard (one a test started itself). */

  /** Open /new (with an optional query such as `?retrain=…`) and wait until the saved draft is loaded. */
  async goto(query = ""): Promise<void> {
    await this.open(`/new${query}`);
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.root).toHaveAttribute("data-loaded", "true");
  }

  async addFiles(files: (string | FilePayload)[]): Promise<void> {
    await this.page
      .getByTestId("dataset-input")
      .setInputFiles(files.map((f) => (typeof f === "string" ? fileFromPath(f) : f)));
  }

  /** A real drag and drop: a DataTransfer built in the page with the files, dropped on the dropzone. */
  async dragAndDrop(files: FilePayload[]): Promise<void> {
    const payload = files.map((f) => ({ name: f.name, type: f.mimeType, b64: f.buffer.toString("base64") }));
    const dt = await this.page.evaluateHandle((items) => {
      const transfer = new DataTransfer();
      for (const it of items) {
        const bin = atob(it.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        transfer.items.add(new File([bytes], it.name, { type: it.type }));
      }
      return transfer;
    }, payload);
    const zone = this.page.getByTestId("dropzone");
    await zone.dispatchEvent("dragenter", { dataTransfer: dt });
    await zone.dispatchEvent("dragover", { dataTransfer: dt });
    await zone.dispatchEvent("drop", { dataTransfer: dt });
  }

  /** Wait until every card shows its pixel size (decoded, shrunk, hashed). */
  async waitProcessed(count: number, timeout = 60_000): Promise<void> {
    await expect(this.cards).toHaveCount(count, { timeout });
    await expect(this.page.getByTestId("image-size")).toHaveCount(count, { timeout });
  }

  card(name: string): Locator {
    return this.page.locator(`[data-testid=image-card][data-name="${name}"]`);
  }

  /** A training form field by its parameter name (`finetune_comment`, `iterations`, …). */
  field(name: string): Locator {
    return this.page.getByTestId(`field-${name}`);
  }

  async fillForm(name: string, mode = "character"): Promise<void> {
    await this.field("finetune_comment").fill(name);
    await this.field("mode").selectOption(mode);
  }
}
