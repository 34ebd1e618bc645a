import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { type RunningServer, removeDir, startDashboard } from "../helpers/servers";

/** Logging in and out in a real browser, against a dashboard started with DASHBOARD_PASSWORD. */

const PASSWORD = "e2e password that is long enough";
let dash: RunningServer & { dataDir: string };

test.beforeAll(async () => {
  dash = await startDashboard({ bflUrl: "http://127.0.0.1:9", env: { DASHBOARD_PASSWORD: PASSWORD } });
});
test.afterAll(async () => {
  await dash?.stop();
  if (dash) removeDir(dash.dataDir);
});

test("a protected page sends the person to the login form and back after logging in", async ({ page }) => {
  await page.goto(`${dash.url}/gallery`);
  await expect(page).toHaveURL(/\/login\?next=%2Fgallery$/);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(page.getByTestId("logout")).toHaveCount(0);

  // Empty: the hydrated form answers without a request.
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Enter the dashboard password.");

  await page.getByLabel("Password").fill("not it");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong password.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(new RegExp(`${dash.url}/gallery$`));
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "fts_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain("fts_session");

  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(new RegExp(`${dash.url}/login$`));
  await page.goto(`${dash.url}/finetunes`);
  await expect(page).toHaveURL(/\/login\?next=%2Ffinetunes$/);
});

test("too many wrong passwords show 'Too many attempts, try again in N s'", async ({ page }) => {
  await page.goto(`${dash.url}/login`);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong ${i}`);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("login-error")).toBeVisible();
    await expect(page.getByRole("button", { name: "Log in" })).toBeEnabled();
  }
  await expect(page.getByTestId("login-error")).toHaveText(/^Too many attempts, try again in \d+ s\.$/);
});
