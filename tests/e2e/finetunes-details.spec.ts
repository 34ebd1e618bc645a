import { generationEnvelopeSchema } from "@/lib/api/types";
import {
  completeTraining,
  generateWith,
  runTag,
  simFinetuneId,
  simUrl,
  submitFinetune,
  submitHeldFinetune,
  waitForStatus,
} from "../fixtures/finetune-api";
import { expect, expectNoAxeViolations, SHOTS, test } from "./fixtures";

test("details: parameters, id, timeline, training images; playground opens once Ready", async ({
  page,
  request,
  finetune,
}) => {
  const comment = `Ceramic vase ${runTag()}`;
  // Held at the simulator: still training whenever the checks below get to run, ended by the test.
  const ft = await submitHeldFinetune(request, {
    comment,
    mode: "product",
    trigger_word: "VASEX",
    iterations: 300,
  });
  await finetune.goto(ft.id);

  await expect(page.getByRole("heading", { level: 1, name: comment })).toBeVisible();
  await expect(page.getByTestId("finetune-status")).toHaveText("Training");
  await expect(finetune.id).toHaveText(ft.id);
  await expect(page.getByRole("button", { name: "Copy ID" })).toBeVisible();
  const params = finetune.params;
  for (const text of ["VASEX", "product", "full", "300", "quality", "us1", "Created with this dashboard"]) {
    await expect(params).toContainText(text);
  }
  // Timeline while training: Pending now (with its time), Ready not yet.
  const pendingStep = page.locator('[data-testid="timeline-step"][data-status="Pending"]');
  await expect(pendingStep).toHaveAttribute("data-state", "current");
  await expect(pendingStep.locator("time")).toHaveCount(1);
  await expect(page.locator('[data-testid="timeline-step"][data-status="Ready"]')).toContainText("Not yet");
  // The stored dataset with its captions (the fixture captions every other image).
  await expect(page.getByTestId("dataset-image")).toHaveCount(5);
  await expect(
    page.getByTestId("dataset-caption").filter({ hasText: "a photo of TOK, number 1" }),
  ).toHaveCount(1);
  await expect(page.getByTestId("dataset-caption").filter({ hasText: "No caption" })).toHaveCount(2);
  const firstThumb = page.getByTestId("dataset-image").first().locator("img");
  await expect
    .poll(() => firstThumb.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  // Not Ready: the playground action is disabled and says why.
  await expect(finetune.openPlayground).toBeDisabled();
  await expect(finetune.openPlaygroundReason).toContainText("Still training");

  await page.setViewportSize({ width: 1366, height: 800 });
  await page.screenshot({ path: `${SHOTS}/finetune-details-training-1366.png`, fullPage: true });
  await expectNoAxeViolations(page);

  // Turns Ready once BFL says so, without a reload: toast, badge, timeline time, playground link.
  await completeTraining(request, ft.bflId);
  await expect(page.getByTestId("toast").filter({ hasText: `Finetune "${comment}" is ready` })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId("finetune-status")).toHaveText("Ready");
  const readyStep = page.locator('[data-testid="timeline-step"][data-status="Ready"]');
  await expect(readyStep.locator("time")).toHaveCount(1);
  const open = page.getByRole("link", { name: "Open in playground" });
  await expect(open).toHaveAttribute("href", `/playground?finetune=${ft.id}`);
  await expect(page.getByTestId("generations-empty")).toBeVisible();

  // An image generated with it shows up among the latest images.
  const generation = await generateWith(request, ft.id, "a photo of VASEX on a wooden table");
  await page.reload();
  const latest = page.getByTestId("latest-generations").locator("img");
  await expect(latest).toHaveCount(1);
  await expect(latest).toHaveAttribute("src", generation.thumbnail_url ?? "");
  await expect.poll(() => latest.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // The dataset download is the ZIP that was sent.
  const href = await page.getByTestId("download-dataset").getAttribute("href");
  const zip = await request.get(href ?? "");
  expect(zip.status()).toBe(200);
  expect((await zip.body()).subarray(0, 2).toString()).toBe("PK");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/finetune-details-ready-390.png`, fullPage: true });
  await expectNoAxeViolations(page);
  // Dark theme (follows the system setting): readable and still free of contrast violations.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SHOTS}/finetune-details-ready-390-dark.png`, fullPage: true });
  await expectNoAxeViolations(page);
  await page.emulateMedia({ colorScheme: "light" });

  await open.click();
  await expect(page).toHaveURL(new RegExp(`/playground\\?finetune=${ft.id}$`));
});

test("retrain opens the dataset studio for this finetune", async ({ page, request, finetune, studio }) => {
  const ft = await submitFinetune(request, { comment: `Retrain me ${runTag()}` });
  await finetune.goto(ft.id);
  await page.getByRole("link", { name: "Retrain with changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/new\\?retrain=${ft.id}$`));
  // The studio loads the same images (with their captions) and settings to edit.
  await expect(page.getByTestId("retrain-loaded")).toBeVisible({ timeout: 30_000 });
  await expect(studio.cards).toHaveCount(5);
  await waitForStatus(request, ft.id, "Ready");
});

test("delete asks for confirmation naming the finetune, then returns to the list with a toast", async ({
  page,
  request,
  finetune,
  finetunes,
}) => {
  const comment = `Delete me ${runTag()}`;
  const ft = await submitFinetune(request, { comment });
  await waitForStatus(request, ft.id, "Ready");
  const generation = await generateWith(request, ft.id, "a photo of TOK");
  await finetune.goto(ft.id);

  await finetune.deleteButton.click();
  const dialog = page.getByRole("dialog", { name: `Delete "${comment}"?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("stay in the gallery");
  await expectNoAxeViolations(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await request.get(`/api/finetunes/${ft.id}`)).status()).toBe(200);

  await finetune.deleteButton.click();
  await dialog.getByRole("button", { name: "Delete finetune" }).click();
  await expect(page).toHaveURL(/\/finetunes$/);
  await expect(page.getByTestId("toast").filter({ hasText: `Deleted "${comment}"` })).toBeVisible();
  await expect(finetunes.card(ft.id)).toHaveCount(0);
  await page.reload();
  await expect(
    page.getByTestId("finetune-card").first().or(page.getByTestId("finetune-list-empty")),
  ).toBeVisible();
  await expect(finetunes.card(ft.id)).toHaveCount(0);
  expect((await request.get(`/api/finetunes/${ft.id}`)).status()).toBe(404);
  // Its images stay in the gallery, marked as from a deleted finetune.
  const kept = await request.get(`/api/generations/${generation.id}`);
  expect(kept.status()).toBe(200);
  expect(generationEnvelopeSchema.parse(await kept.json()).generation.finetune_deleted).toBe(true);
});

test("a finetune that fails shows BFL's reason in plain words", async ({
  page,
  request,
  finetune,
  finetunes,
}) => {
  const comment = `Doomed ${runTag()}`;
  const ft = await submitFinetune(request, { comment, iterations: 1000 });
  await finetune.goto(ft.id);
  await expect(page.getByTestId("finetune-status")).toHaveText("Training");

  const reason = "The dataset contains no usable faces for character mode.";
  const bflId = await simFinetuneId(request, comment);
  const failed = await request.post(`${simUrl()}/_simulator/finetunes/${bflId}/fail`, { data: { reason } });
  expect(failed.ok()).toBe(true);

  await expect(page.getByTestId("toast").filter({ hasText: `Finetune "${comment}" failed` })).toBeVisible({
    timeout: 45_000,
  });
  await expect(page.getByTestId("finetune-status")).toHaveText("Error");
  await expect(page.getByTestId("finetune-error-reason")).toContainText(reason);
  await expect(page.locator('[data-testid="timeline-step"][data-status="Error"] time')).toHaveCount(1);
  await expect(finetune.openPlayground).toBeDisabled();
  await expect(finetune.openPlaygroundReason).toContainText("Training failed");
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await expectNoAxeViolations(page);

  await finetunes.goto();
  await page.getByRole("searchbox", { name: "Search" }).fill(comment);
  const card = finetunes.card(ft.id);
  await expect(card.getByTestId("finetune-status")).toHaveText("Error");
  await expect(card).toContainText(reason);
});

test("an unknown finetune id shows a clear not-found page", async ({ page, finetune }) => {
  await finetune.goto("does-not-exist");
  await expect(page.getByTestId("finetune-not-found")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("link", { name: "Back to all finetunes" })).toBeVisible();
});
