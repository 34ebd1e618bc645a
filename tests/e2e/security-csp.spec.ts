import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * The strict, nonce-based CSP does not break the app: every page hydrates in a real Chromium and the
 * browser reports no CSP violation and no console error about one.
 */

const PAGES = [
  "/",
  "/new",
  "/finetunes",
  "/playground",
  "/gallery",
  "/finetunes/no-such-finetune",
  "/no-such-page",
];

async function watchViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(text))
      problems.push(`console: ${text}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __cspViolations?: string[] };
      w.__cspViolations ??= [];
      w.__cspViolations.push(
        `${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      );
    });
  });
  return problems;
}

async function hydrated(page: Page): Promise<boolean> {
  return page.evaluate(() => Object.keys(document).some((k) => k.startsWith("__reactContainer")));
}

test("every page hydrates under the CSP with no violation", async ({ page }) => {
  const problems = await watchViolations(page);
  for (const path of PAGES) {
    const res = await page.goto(path);
    expect([200, 404], path).toContain(res?.status());
    const csp = res?.headers()["content-security-policy"] ?? "";
    expect(csp, path).toContain("'strict-dynamic'");
    await page.waitForLoadState("networkidle");
    await expect.poll(() => hydrated(page), { message: `${path} hydrated` }).toBe(true);
    const violations = await page.evaluate(
      () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
    );
    expect(violations, path).toEqual([]);
  }
  expect(problems).toEqual([]);
});

test("client-side navigation works under the CSP (scripts really run)", async ({ page }) => {
  const problems = await watchViolations(page);
  await page.goto("/");
  await expect.poll(() => hydrated(page)).toBe(true);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Gallery" }).click();
  await expect(page).toHaveURL(/\/gallery$/);
  await expect(nav.getByRole("link", { name: "Gallery" })).toHaveAttribute("aria-current", "page");
  expect(problems).toEqual([]);
});

test("injected markup cannot run script (inline handlers are blocked)", async ({ page }) => {
  await page.goto("/");
  await page.evaluate(() => {
    const w = window as unknown as { __injected?: boolean; __blocked?: string[] };
    w.__blocked = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      if (e.effectiveDirective.startsWith("script-src")) w.__blocked?.push(e.effectiveDirective);
    });
    const div = document.createElement("div");
    // What an HTML-injection bug would insert.
    div.innerHTML =
      '<img src="data:," onerror="window.__injected = true"><a id="x" href="#" onclick="window.__injected = true">x</a>';
    document.body.appendChild(div);
    (div.querySelector("#x") as HTMLAnchorElement).click();
  });
  // Passes only for the right reason: the browser reports a script-src violation for each handler. Without
  // the CSP no report comes and this fails; a handler that ran would set __injected.
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __blocked?: string[] }).__blocked ?? []), {
      message: "the CSP blocked both inline handlers",
    })
    .toEqual(["script-src-attr", "script-src-attr"]);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true)).toBe(
    false,
  );
});
