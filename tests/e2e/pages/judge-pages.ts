import type { Locator } from "@playwright/test";
import { PageObject } from "./page-object";

/** The judge pages: comparisons (/compare), the credit ledger (/ledger) and saved prompts (/prompts). */

export class ComparePage extends PageObject {
  readonly prompt = this.page.getByTestId("compare-prompt");
  readonly strengths = this.page.getByTestId("compare-strengths");
  readonly run = this.page.getByTestId("compare-run");
  readonly progress = this.page.getByTestId("compare-progress");
  readonly grid = this.page.getByTestId("compare-grid");
  readonly images = this.page.getByTestId("compare-image");

  async goto(query = ""): Promise<void> {
    await this.open(`/compare${query}`);
  }

  /** The checkbox that puts a finetune into the comparison. */
  finetune(id: string): Locator {
    return this.page.locator(`[data-testid="compare-finetune"][data-finetune-id="${id}"]`);
  }
}

export class LedgerPage extends PageObject {
  async goto(): Promise<void> {
    await this.open("/ledger");
  }
}

export class PromptsPage extends PageObject {
  readonly rows = this.page.getByTestId("prompt-row");

  async goto(): Promise<void> {
    await this.open(`/prompts`);
  }
}
