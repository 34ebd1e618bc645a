import { expect, expectNoAxeViolations, fileServers, type Server, test } from "./fixtures";

/** Logging in and out in a real browser, against a dashboard started with DASHBOARD_PASSWORD. */

const PASSWORD = "e2e password that is long enough";
let dash: Server;

const own = fileServers();

test.beforeAll(async () => {
  dash = await own.dashboard({ bflUrl: "http://127.0.0.1:9", env: { DASHBOARD_PASSWORD: PASSWORD } });
});
test("a protected page sends the person to the login form and back after logging in", async ({
  page,
  finetunes,
  gallery,
  login,
}) => {
  await gallery.at(dash.url).goto();
  await expect(page).toHaveURL(/\/login\?next=%2Fgallery$/);
  await expect(login.heading).toBeVisible();
  await expect(login.logout).toHaveCount(0);

  // Empty: the hydrated form answers without a request.
  await login.submit.click();
  await expect(login.error).toHaveText("Enter the dashboard password.");

  await login.password.fill("not it");
  await login.submit.click();
  await expect(login.error).toHaveText("Wrong password.");
  await expect(login.password).toHaveAttribute("aria-invalid", "true");

  await expectNoAxeViolations(page);

  await login.password.fill(PASSWORD);
  await login.submit.click();
  await expect(page).toHaveURL(new RegExp(`${dash.url}/gallery$`));
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "fts_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain("fts_session");

  await login.logout.click();
  await expect(page).toHaveURL(new RegExp(`${dash.url}/login$`));
  await finetunes.at(dash.url).goto();
  await expect(page).toHaveURL(/\/login\?next=%2Ffinetunes$/);
});

test("too many wrong passwords show 'Too many attempts, try again in N s'", async ({ login }) => {
  await login.at(dash.url).goto();
  for (let i = 0; i < 5; i++) {
    await login.password.fill(`wrong ${i}`);
    await login.submit.click();
    await expect(login.error).toBeVisible();
    await expect(login.submit).toBeEnabled();
  }
  await expect(login.error).toHaveText(/^Too many attempts, try again in \d+ s\.$/);
});
