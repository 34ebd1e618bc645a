import type { Locator } from "@playwright/test";
import { PageObject } from "./page-object";

/** The home page (/) and the shell every page shares (main navigation, mode badge). */
export class HomePage extends PageObject {
  readonly nav = this.page.getByRole("navigation", { name: "Main" });
  readonly modeBadge = this.page.getByTestId("mode-badge");

  async goto(): Promise<void> {
    await this.open(`/`);
  }

  navLink(name: string): Locator {
    return this.nav.getByRole("link", { name });
  }
}
