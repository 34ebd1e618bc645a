import { expect, expectNoAxeViolations, test } from "./fixtures";

test("the app shell shows navigation, the simulator badge and the home page", async ({ page, home }) => {
  await home.goto();
  const nav = home.nav;
  for (const label of ["New finetune", "Finetunes", "Playground", "Gallery"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  await expect(home.modeBadge).toHaveText("Simulator: no credits are spent");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Finetune FLUX on your own images");
  await expect(page.getByTestId("bfl-offer")).toContainText("six klein finetuned endpoints");

  await nav.getByRole("link", { name: "Finetunes" }).click();
  await expect(page).toHaveURL(/\/finetunes$/);
  await expect(page.getByRole("heading", { level: 1, name: "Finetunes" })).toBeVisible();
  await expect(page.getByTestId("finetune-list-loading")).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Finetunes" })).toHaveAttribute("aria-current", "page");

  await expectNoAxeViolations(page);

  // The live-API warning belongs to BFL mode only; the simulator takes new finetunes.
  await nav.getByRole("link", { name: "New finetune" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New finetune" })).toBeVisible();
  await expect(page.getByTestId("live-api-notice")).toHaveCount(0);
});

test("health reports simulator mode", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.ok()).toBe(true);
  expect(await res.json()).toMatchObject({ status: "ok", mode: "simulator", region: "us1", live: false });
});
