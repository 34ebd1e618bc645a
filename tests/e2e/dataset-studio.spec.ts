import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { debianPhotos } from "../fixtures/photos";
import {
  addFiles,
  card,
  dragAndDrop,
  fileFromPath,
  fillForm,
  openStudio,
  waitProcessed,
} from "./dataset-helpers";

const photos = debianPhotos();

test.describe.configure({ mode: "serial" });

test("20 real photos: shrunk to 1 MP, near-duplicates found, ZIP built small, page stays responsive", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await addFiles(page, photos.twenty);
  // The page answers typing while the workers decode and shrink.
  await expect(page.getByTestId("processing-progress")).toBeVisible();
  await page.getByTestId("field-finetune_comment").pressSequentially("typed while processing", { delay: 5 });
  await expect(page.getByTestId("field-finetune_comment")).toHaveValue("typed while processing");
  await waitProcessed(page, 20, 90_000);

  await expect(card(page, "Elephants_5640x3172.jpg").getByTestId("image-size")).toContainText("5640×3172 → ");
  await expect(card(page, "Elephants_5640x3172.jpg").getByTestId("card-warnings")).toContainText(
    "Looks nearly the same as Elephants_3840x2160.jpg",
  );
  // Only the three elephants look alike: one group, no false alarms among the other 17 photos.
  await expect(page.getByTestId("notice-near-duplicate")).toHaveCount(1);
  await expect(page.getByTestId("notice-near-duplicate")).toContainText(
    "Elephants_5640x3172.jpg, Elephants_3840x2160.jpg and Elephants.jpg look nearly the same",
  );
  await page.screenshot({ path: "/tmp/dataset-20-photos.png", fullPage: true });
  await expect(page.getByTestId("notice-near-duplicate").first()).toContainText("look nearly the same");

  await page.getByTestId("prepare-zip").click();
  await expect(page.getByTestId("zip-ready")).toBeVisible({ timeout: 30_000 });
  // The studio's own figures, from the User Timing measure it leaves for the benchmark.
  const t = await page.evaluate(() => {
    const m = performance.getEntriesByName("dataset:zip").at(-1) as PerformanceMeasure | undefined;
    return m?.detail as { zipBytes: number; originalBytes: number } | undefined;
  });
  expect(t?.zipBytes).toBeGreaterThan(0);
  expect(t!.zipBytes).toBeLessThan(t!.originalBytes / 3);
});

test("captions edited inline and in the viewer, bulk edit with preview and undo, all kept after reload", async ({
  page,
}) => {
  await openStudio(page);
  // A caption dropped before its image waits for it.
  await addFiles(page, [
    { name: "Dune.txt", mimeType: "text/plain", buffer: Buffer.from("sand dunes by the sea") },
  ]);
  await expect(page.getByTestId("notice-caption_without_image")).toContainText("Dune.txt");
  await dragAndDrop(page, photos.nature.slice(0, 5).map(fileFromPath));
  await waitProcessed(page, 5);
  await expect(page.getByTestId("notice-caption_without_image")).toHaveCount(0);
  await expect(card(page, "Dune.jpg").getByTestId("caption-input")).toHaveValue("sand dunes by the sea");
  await expect(card(page, "Dune.jpg").getByTestId("warning-missing_trigger")).toBeVisible();

  await card(page, "Aqua.jpg").getByTestId("caption-input").fill("a water drop");
  // Viewer: open, arrow to the next image, edit there, close with Escape.
  await card(page, "Aqua.jpg").getByRole("button", { name: "Open Aqua.jpg full size" }).click();
  await expect(page.getByTestId("viewer-title")).toContainText("Aqua.jpg");
  await expect(page.getByTestId("viewer-caption")).toHaveValue("a water drop");
  const axe = await new AxeBuilder({ page }).include("[data-testid=image-viewer]").analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.getByTestId("viewer-title").click();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("viewer-title")).toContainText("Blinds.jpg");
  await page.getByTestId("viewer-caption").fill("green leaf blinds");
  await page.getByTestId("viewer-title").click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("image-viewer")).toHaveCount(0);
  await expect(card(page, "Blinds.jpg").getByTestId("caption-input")).toHaveValue("green leaf blinds");

  // One-click fix on a card.
  await card(page, "Dune.jpg").getByRole("button", { name: 'Add "TOK"' }).click();
  await expect(card(page, "Dune.jpg").getByTestId("caption-input")).toHaveValue("TOK, sand dunes by the sea");

  // Bulk: a bad regex says so; a prefix shows its preview, applies, and undoes.
  await page.getByTestId("bulk-kind").selectOption("replace");
  await page.getByTestId("bulk-regex").check();
  await page.getByTestId("bulk-find").fill("(unclosed");
  await expect(page.getByTestId("bulk-error")).toContainText("Not a valid regular expression");
  await page.getByTestId("bulk-kind").selectOption("prefix");
  await page.getByTestId("bulk-text").fill("photo of TOK,");
  await expect(page.getByTestId("bulk-preview")).toContainText("photo of TOK, a water drop");
  await page.getByTestId("bulk-apply").click();
  await expect(card(page, "Aqua.jpg").getByTestId("caption-input")).toHaveValue("photo of TOK, a water drop");
  await expect(card(page, "Blinds.jpg").getByTestId("caption-input")).toHaveValue(
    "photo of TOK, green leaf blinds",
  );
  await page.getByTestId("undo").click();
  await expect(card(page, "Aqua.jpg").getByTestId("caption-input")).toHaveValue("a water drop");
  await page.getByTestId("bulk-kind").selectOption("suffix");
  await page.getByTestId("bulk-text").fill("at dusk");
  await page.getByTestId("bulk-apply").click();
  await fillForm(page, "Nature set", "style");
  await page.getByTestId("field-finetune_type").selectOption("lora");
  await expect(page.getByTestId("field-learning_rate")).toHaveValue("0.0001");
  await expect(page.getByTestId("cost")).toContainText("400 credits ($4.00)");
  await page.getByTestId("field-iterations").fill("120");
  await expect(page.getByTestId("cost")).toContainText("200 credits ($2.00)");
  await page.getByTestId("field-iterations").fill("5000");
  await expect(page.getByTestId("error-iterations")).toContainText("100 to 1000");
  await page.getByTestId("field-iterations").fill("120");

  await expect(page.getByTestId("save-state")).toHaveText("Draft saved in this browser");
  await page.reload();
  await openStudio(page);
  await waitProcessed(page, 5);
  await expect(card(page, "Aqua.jpg").getByTestId("caption-input")).toHaveValue("a water drop, at dusk");
  await expect(card(page, "Blinds.jpg").getByTestId("caption-input")).toHaveValue(
    "green leaf blinds, at dusk",
  );
  await expect(card(page, "Dune.jpg").getByTestId("caption-input")).toHaveValue(
    "TOK, sand dunes by the sea, at dusk",
  );
  await expect(page.getByTestId("field-finetune_comment")).toHaveValue("Nature set");
  await expect(page.getByTestId("field-iterations")).toHaveValue("120");
  await expect(page.getByTestId("field-learning_rate")).toHaveValue("0.0001");
  // The undo history belongs to the page's session: a reload keeps the draft, not yesterday's steps.
  await expect(page.getByTestId("undo")).toBeDisabled();
  await expect(card(page, "Aqua.jpg").locator("img")).toHaveJSProperty("complete", true);
});
