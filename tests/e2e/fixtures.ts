import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { OwnServers } from "../helpers/servers";
import { FinetunePage, FinetunesPage } from "./pages/finetunes-page";
import { GalleryPage } from "./pages/gallery-page";
import { HomePage } from "./pages/home-page";
import { ComparePage, LedgerPage, PromptsPage } from "./pages/judge-pages";
import { LoginPage } from "./pages/login-page";
import { PlaygroundPage } from "./pages/playground-page";
import { StudioPage } from "./pages/studio-page";

/**
 * The browser tests' one entry point: `test` carries a page object per page (on the suite's dashboard;
 * `.at(url)` moves one to a dashboard the test started) and `servers`, which stops what a test started.
 * Helpers used by more than one spec live here once.
 */

export type { Server } from "../helpers/servers";
export type { FilePayload } from "./pages/studio-page";
export { fileFromPath } from "./pages/studio-page";
export { expect, OwnServers };

export const SHOTS = ".test-artifacts/screenshots";

/** Servers shared by a file's tests: started in `beforeAll`, stopped after the file's last test. */
export function fileServers(): OwnServers {
  const own = new OwnServers();
  base.afterAll(() => own.stopAll());
  return own;
}

interface Pages {
  home: HomePage;
  studio: StudioPage;
  finetunes: FinetunesPage;
  finetune: FinetunePage;
  playground: PlaygroundPage;
  gallery: GalleryPage;
  compare: ComparePage;
  ledger: LedgerPage;
  prompts: PromptsPage;
  login: LoginPage;
  /** Servers this test starts; stopped when it ends, pass or fail. */
  servers: OwnServers;
}

export const test = base.extend<Pages>({
  home: async ({ page }, use) => use(new HomePage(page)),
  studio: async ({ page }, use) => use(new StudioPage(page)),
  finetunes: async ({ page }, use) => use(new FinetunesPage(page)),
  finetune: async ({ page }, use) => use(new FinetunePage(page)),
  playground: async ({ page }, use) => use(new PlaygroundPage(page)),
  gallery: async ({ page }, use) => use(new GalleryPage(page)),
  compare: async ({ page }, use) => use(new ComparePage(page)),
  ledger: async ({ page }, use) => use(new LedgerPage(page)),
  prompts: async ({ page }, use) => use(new PromptsPage(page)),
  login: async ({ page }, use) => use(new LoginPage(page)),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the fixtures argument to be destructured
  servers: async ({}, use) => {
    const own = new OwnServers();
    try {
      await use(own);
    } finally {
      await own.stopAll();
    }
  },
});

/**
 * An axe check of what the page shows now (or only of `include`, a CSS selector such as a dialog); each
 * violation is listed by rule id and target.
 */
export async function expectNoAxeViolations(page: Page, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page });
  const axe = await (include ? builder.include(include) : builder).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual(
    [],
  );
}

/** Nothing on the page looks like a raw error (JSON, stack traces, HTTP internals). */
export async function expectNoRawError(page: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only what is rendered visibly (textContent includes scripts)
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(
    /\{\s*"|TypeError|ReferenceError|SyntaxError|\bat \S+ \(|undefined|\[object Object\]|Internal Server Error|ECONNREFUSED|"detail"/,
  );
}

/** Bytes of the image an <img> shows. */
export async function imageBytes(page: Page, src: string): Promise<Buffer> {
  const res = await page.request.get(src);
  expect(res.ok()).toBe(true);
  return Buffer.from(await res.body());
}
