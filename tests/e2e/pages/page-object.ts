import type { Page } from "@playwright/test";

/**
 * What every page object shares: the Playwright page and the dashboard it talks to (`base`, empty for
 * the suite's own dashboard). `at(url)` gives the same page object on a dashboard a test started.
 */
export abstract class PageObject {
  constructor(
    readonly page: Page,
    readonly base = "",
  ) {}

  at(base: string): this {
    const Self = this.constructor as new (page: Page, base: string) => this;
    return new Self(this.page, base);
  }

  protected open(path: string): Promise<unknown> {
    return this.page.goto(`${this.base}${path}`);
  }
}
