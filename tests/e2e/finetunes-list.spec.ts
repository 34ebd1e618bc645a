import {
  completeTraining,
  runTag,
  simUrl,
  submitFinetune,
  submitHeldFinetune,
  waitForStatus,
} from "../fixtures/finetune-api";
import { makeDatasetZip } from "../fixtures/zips";
import { expect, expectNoAxeViolations, SHOTS, test } from "./fixtures";

test("a finetune submitted through the API trains live in the list and turns Ready with a toast", async ({
  page,
  request,
  finetunes,
}) => {
  const tag = runTag();
  const comment = `Red mug ${tag}`;
  // Held at the simulator: still training whenever the checks below get to run, ended by the test.
  const ft = await submitHeldFinetune(request, { comment, trigger_word: "MUGX" });
  await finetunes.goto();
  const card = finetunes.card(ft.id);
  await expect(card.getByRole("link", { name: comment })).toBeVisible();
  await expect(card.getByTestId("finetune-status")).toHaveText("Training");
  await expect(card).toContainText("MUGX");
  await expect(card).toContainText("product");
  await expect(card).toContainText("us1");
  await expect(card.getByTestId("finetune-thumbnails").locator("img")).toHaveCount(5);
  // No numeric progress from BFL: an estimate, labelled, at the pace the simulator states.
  await expect(card.getByTestId("finetune-progress")).toHaveAttribute("data-kind", "estimate");
  await expect(card.getByTestId("finetune-progress")).toContainText("(estimate)");
  await expect(card.getByTestId("finetune-progress")).toContainText("based on");
  await expect(card.getByTestId("finetune-progress")).toContainText("simulator's stated pace");
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  // The bar moves on its own, and it never runs backwards.
  const first = await finetunes.progressValue(ft.id);
  await expect.poll(() => finetunes.progressValue(ft.id), { timeout: 6_000 }).toBeGreaterThan(first);
  const second = await finetunes.progressValue(ft.id);
  expect(second).toBeLessThan(100);
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.screenshot({ path: `${SHOTS}/finetunes-list-training-1366.png`, fullPage: true });
  await expectNoAxeViolations(page);

  // It turns Ready without a reload, and a toast says so.
  await completeTraining(request, ft.bflId);
  const toast = page.getByTestId("toast").filter({ hasText: `Finetune "${comment}" is ready` });
  await expect(toast).toBeVisible({ timeout: 30_000 });
  await expect(card.getByTestId("finetune-status")).toHaveText("Ready");
  await expect(card.getByRole("progressbar")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/finetunes-list-390.png`, fullPage: true });
});

test("the toast also appears on another page when a training ends", async ({ page, request, gallery }) => {
  const comment = `Elsewhere ${runTag()}`;
  const ft = await submitFinetune(request, { comment });
  await gallery.goto();
  await expect(page.getByTestId("toast").filter({ hasText: `Finetune "${comment}" is ready` })).toBeVisible({
    timeout: 30_000,
  });
  await page
    .getByTestId("toast")
    .filter({ hasText: comment })
    .getByRole("link", { name: "Open finetune" })
    .click();
  await expect(page).toHaveURL(new RegExp(`/finetunes/${ft.id}$`));
});

test("search by comment or trigger word, filter by status and mode, newest first", async ({
  page,
  request,
  finetunes,
}) => {
  const tag = runTag();
  const style = await submitFinetune(request, {
    comment: `Watercolour ${tag}`,
    mode: "style",
    trigger_word: "WTRC",
  });
  await waitForStatus(request, style.id, "Ready");
  const portrait = await submitFinetune(request, {
    comment: `Grandma portrait ${tag}`,
    mode: "character",
    trigger_word: `GMA${tag}`,
  });

  await finetunes.goto();
  const cards = page.getByTestId("finetune-card");
  await expect(cards.first()).toBeVisible();
  // Newest first: the portrait was submitted last.
  const ids = await cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-finetune-id")));
  expect(ids.indexOf(portrait.id)).toBeLessThan(ids.indexOf(style.id));

  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill(tag);
  await expect(cards).toHaveCount(2);
  await expect(finetunes.count).toHaveText(/^2 of \d+ finetunes match$/);

  await search.fill(`grandma ${tag}`);
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute("data-finetune-id", portrait.id);
  await search.fill(`gma${tag}`); // trigger word, other case
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute("data-finetune-id", portrait.id);

  await search.fill(tag);
  await page.getByLabel("Mode").selectOption("style");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute("data-finetune-id", style.id);
  await page.getByLabel("Mode").selectOption("all");
  await page.getByLabel("Status").selectOption("Ready");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute("data-finetune-id", style.id);
  await page.getByLabel("Mode").selectOption("character");
  await expect(cards).toHaveCount(0);
  await expect(page.getByText("No finetune matches these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(search).toHaveValue("");
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(2);
  await expect(finetunes.count).toHaveText(/^\d+ finetunes?$/);
  await waitForStatus(request, portrait.id, "Ready");
});

test("a BFL failure while the list is open shows a retry, not a blank page, and recovers", async ({
  page,
  request,
  finetunes,
}) => {
  const comment = `Through the outage ${runTag()}`;
  const ft = await submitFinetune(request, { comment, iterations: 600 });
  await finetunes.goto();
  const card = finetunes.card(ft.id);
  await expect(card).toBeVisible();
  await expect(finetunes.loadError).toHaveCount(0);

  // BFL's list starts failing with 500s while the page polls (the server retries, then reports it).
  const fault = await request.post(`${simUrl()}/_simulator/faults`, {
    data: { kind: "500", count: 1000, path: "/v1/my_finetunes", method: "GET" },
  });
  expect(fault.ok()).toBe(true);
  try {
    const error = finetunes.loadError;
    await expect(error).toBeVisible({ timeout: 45_000 });
    await expect(error).toContainText("BFL could not be reached");
    await expect(error.getByRole("button", { name: "Retry" })).toBeVisible();
    // Not blank: what the dashboard knows stays on screen and keeps updating.
    await expect(card).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Finetunes" })).toBeVisible();
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.screenshot({ path: `${SHOTS}/finetunes-list-bfl-error-1366.png`, fullPage: true });
    await expectNoAxeViolations(page);
    // Retry while BFL still fails: the banner stays, with the same plain message.
    await error.getByRole("button", { name: "Retry" }).click();
    await expect(error).toContainText("BFL could not be reached");
  } finally {
    await request.delete(`${simUrl()}/_simulator/faults`);
  }
  // Once BFL answers again the banner goes away on the next poll, without a reload.
  await expect(finetunes.loadError).toHaveCount(0, { timeout: 30_000 });
  await expect(card).toBeVisible();
  await waitForStatus(request, ft.id, "Ready");
});

test("when the dashboard itself fails, the list shows the reason and a retry", async ({
  page,
  finetunes,
}) => {
  // The dashboard's own API answers 500 once (as if it crashed mid-request); the page must not go blank.
  let failures = 0;
  // Only the list's own pages (`?limit=50`); the watcher's whole-list query (`?limit=500`) is left alone.
  await page.route(/\/api\/finetunes\?limit=50(&|$)/, async (route) => {
    if (failures < 3) {
      failures++;
      await route.fulfill({
        status: 500,
        json: { code: "internal", message: "The dashboard hit an error." },
      });
    } else {
      await route.continue();
    }
  });
  await finetunes.goto();
  const error = finetunes.loadError;
  await expect(error).toContainText("The finetunes could not be loaded", { timeout: 20_000 });
  await expect(error).toContainText("The dashboard hit an error.");
  await error.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("finetune-card").first()).toBeVisible();
  await expect(finetunes.loadError).toHaveCount(0);
});

test("past 50 finetunes the list shows one page and Load more brings the rest", async ({
  page,
  request,
  finetunes,
}) => {
  const tag = runTag();
  const before = await request.get("/api/finetunes?limit=500");
  const startTotal = ((await before.json()) as { total: number }).total;
  // Made at BFL directly (cheap: no dataset stored by the dashboard), enough to pass one page of 50.
  const zip = Buffer.from(await makeDatasetZip(1)).toString("base64");
  const made: string[] = [];
  try {
    for (let i = 0; i < Math.max(1, 51 - startTotal) + 2; i++) {
      const res = await request.post(`${simUrl()}/v1/finetune`, {
        headers: { "x-key": "simulator-key" },
        data: { finetune_comment: `Bulk ${tag} ${i}`, mode: "product", iterations: 100, file_data: zip },
      });
      expect(res.ok(), await res.text()).toBe(true);
      const { finetune_id } = (await res.json()) as { finetune_id: string };
      made.push(finetune_id);
      await request.post(`${simUrl()}/_simulator/tasks/${finetune_id}/complete`);
    }
    const total = startTotal + made.length;
    // The dashboard caches BFL's list for a few seconds.
    await expect
      .poll(
        async () => ((await (await request.get("/api/finetunes?limit=1")).json()) as { total: number }).total,
        {
          timeout: 20_000,
        },
      )
      .toBe(total);

    await finetunes.goto();
    const cards = page.getByTestId("finetune-list").locator("[data-finetune-id]");
    await expect(cards).toHaveCount(50);
    await expect(finetunes.count).toHaveText(`50 of ${total} finetunes shown`);
    const more = page.getByTestId("finetunes-load-more");
    while ((await cards.count()) < total) {
      const shown = await cards.count();
      await more.click();
      await expect(cards).toHaveCount(Math.min(shown + 50, total));
    }
    await expect(more).toHaveCount(0);
    await expect(finetunes.count).toHaveText(`${total} finetunes`);
    await expect(page.getByRole("link", { name: `Bulk ${tag} 0` })).toBeVisible();
    await expectNoAxeViolations(page);
  } finally {
    for (const id of made) {
      await request.post(`${simUrl()}/v1/delete_finetune`, {
        headers: { "x-key": "simulator-key" },
        data: { finetune_id: id },
      });
    }
  }
});
