import type { Locator } from "@playwright/test";
import { PageObject } from "./page-object";

/** The playground (/playground): pick a finetune, write a prompt, set parameters, generate. */
export class PlaygroundPage extends PageObject {
  readonly prompt = this.page.getByTestId("prompt");
  readonly generateButton = this.page.getByTestId("generate");
  readonly finetuneSelect = this.page.getByTestId("finetune-select");
  readonly seed = this.page.getByTestId("seed");
  readonly formProblems = this.page.getByTestId("form-problems");
  readonly resultImage = this.page.getByTestId("result-image");

  /** Open the playground, optionally with a finetune chosen (`finetune`) or a generation's settings (`from`). */
  async goto(query: { finetune?: string; from?: string } = {}): Promise<void> {
    const search = new URLSearchParams();
    if (query.finetune !== undefined) search.set("finetune", query.finetune);
    if (query.from !== undefined) search.set("from", query.from);
    const qs = search.toString();
    await this.open(`/playground${qs ? `?${qs}` : ""}`);
  }

  /** A generation parameter's input (`width`, `height`, …). */
  param(name: string): Locator {
    return this.page.getByTestId(`param-${name}`);
  }

  /** An endpoint's radio (`pro`, `ultra`, `klein-9b`, …). */
  endpoint(name: string): Locator {
    return this.page.getByTestId(`endpoint-${name}`);
  }
}
