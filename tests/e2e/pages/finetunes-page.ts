import type { Locator } from "@playwright/test";
import { PageObject } from "./page-object";

/** The finetunes list (/finetunes): one card per finetune, a count, load errors and paging. */
export class FinetunesPage extends PageObject {
  readonly cards = this.page.getByTestId("finetune-card");
  readonly count = this.page.getByTestId("finetune-count");
  readonly loadError = this.page.getByTestId("load-error");
  readonly loadMore = this.page.getByTestId("finetunes-load-more");

  async goto(): Promise<void> {
    await this.open(`/finetunes`);
  }

  /** The card of one finetune, by the dashboard's id. */
  card(id: string): Locator {
    return this.page.locator(`[data-finetune-id="${id}"]`);
  }

  /** The progress bar's value on a finetune's card. */
  async progressValue(id: string): Promise<number> {
    const bar = this.card(id).getByRole("progressbar");
    return Number(await bar.getAttribute("aria-valuenow"));
  }
}

/** One finetune's details page (/finetunes/[id]). */
export class FinetunePage extends PageObject {
  readonly status = this.page.getByTestId("finetune-status");
  readonly id = this.page.getByTestId("finetune-id");
  readonly params = this.page.getByTestId("finetune-params");
  readonly openPlayground = this.page.getByTestId("open-playground");
  readonly openPlaygroundReason = this.page.getByTestId("open-playground-reason");
  readonly deleteButton = this.page.getByTestId("delete-finetune");

  async goto(id: string): Promise<void> {
    await this.open(`/finetunes/${id}`);
  }

  heading(name: string): Locator {
    return this.page.getByRole("heading", { level: 1, name });
  }
}
