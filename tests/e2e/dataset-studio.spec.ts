import { PROCESS_MEASURE, ZIP_MEASURE, type ZipMeasureDetail } from "@/lib/dataset/timings";
import { debianPhotos } from "../fixtures/photos";
import { expect, expectNoAxeViolations, fileFromPath, SHOTS, test } from "./fixtures";

const photos = debianPhotos();

test.describe.configure({ mode: "serial" });

test("20 real photos: shrunk to 1 MP, near-duplicates found, ZIP built small, page stays responsive", async ({
  page,
  studio,
}) => {
  test.setTimeout(120_000);
  await studio.goto();
  await studio.addFiles(photos.twenty);
  // The page answers typing while the workers decode and shrink.
  await expect(page.getByTestId("processing-progress")).toBeVisible();
  await studio.field("finetune_comment").pressSequentially("typed while processing", { delay: 5 });
  await expect(studio.field("finetune_comment")).toHaveValue("typed while processing");
  await studio.waitProcessed(20, 90_000);
  const processMs = await page.evaluate(
    (name) => performance.getEntriesByName(name).at(-1)?.duration,
    PROCESS_MEASURE,
  );
  expect(processMs).toBeGreaterThan(0);
  console.log(`dataset: 20 photos processed in ${Math.round(processMs ?? 0)} ms`);

  await expect(studio.card("Elephants_5640x3172.jpg").getByTestId("image-size")).toContainText(
    "5640×3172 → ",
  );
  await expect(studio.card("Elephants_5640x3172.jpg").getByTestId("card-warnings")).toContainText(
    "Looks nearly the same as Elephants_3840x2160.jpg",
  );
  // Only the three elephants look alike: one group, no false alarms among the other 17 photos.
  await expect(page.getByTestId("notice-near-duplicate")).toHaveCount(1);
  await expect(page.getByTestId("notice-near-duplicate")).toContainText(
    "Elephants_5640x3172.jpg, Elephants_3840x2160.jpg and Elephants.jpg look nearly the same",
  );
  await page.screenshot({ path: `${SHOTS}/dataset-20-photos.png`, fullPage: true });
  await expect(page.getByTestId("notice-near-duplicate").first()).toContainText("look nearly the same");

  await page.getByTestId("prepare-zip").click();
  await expect(page.getByTestId("zip-ready")).toBeVisible({ timeout: 30_000 });
  // The studio's own figures, from the User Timing measure it leaves for the benchmark.
  const t = await page.evaluate((name) => {
    const m = performance.getEntriesByName(name).at(-1) as PerformanceMeasure | undefined;
    return m?.detail as ZipMeasureDetail | undefined;
  }, ZIP_MEASURE);
  expect(t?.zipBytes).toBeGreaterThan(0);
  expect(t!.zipBytes).toBeLessThan(t!.originalBytes / 3);
});

test("captions edited inline and in the viewer, bulk edit with preview and undo, all kept after reload", async ({
  page,
  studio,
}) => {
  await studio.goto();
  // A caption dropped before its image waits for it.
  await studio.addFiles([
    { name: "Dune.txt", mimeType: "text/plain", buffer: Buffer.from("sand dunes by the sea") },
  ]);
  await expect(page.getByTestId("notice-caption_without_image")).toContainText("Dune.txt");
  await studio.dragAndDrop(photos.nature.slice(0, 5).map(fileFromPath));
  await studio.waitProcessed(5);
  await expect(page.getByTestId("notice-caption_without_image")).toHaveCount(0);
  await expect(studio.card("Dune.jpg").getByTestId("caption-input")).toHaveValue("sand dunes by the sea");
  await expect(studio.card("Dune.jpg").getByTestId("warning-missing_trigger")).toBeVisible();

  await studio.card("Aqua.jpg").getByTestId("caption-input").fill("a water drop");
  // Viewer: open, arrow to the next image, edit there, close with Escape.
  await studio.card("Aqua.jpg").getByRole("button", { name: "Open Aqua.jpg full size" }).click();
  await expect(page.getByTestId("viewer-title")).toContainText("Aqua.jpg");
  await expect(page.getByTestId("viewer-caption")).toHaveValue("a water drop");
  await expectNoAxeViolations(page, "[data-testid=image-viewer]");
  await page.getByTestId("viewer-title").click();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("viewer-title")).toContainText("Blinds.jpg");
  await page.getByTestId("viewer-caption").fill("green leaf blinds");
  await page.getByTestId("viewer-title").click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("image-viewer")).toHaveCount(0);
  await expect(studio.card("Blinds.jpg").getByTestId("caption-input")).toHaveValue("green leaf blinds");

  // One-click fix on a card.
  await studio.card("Dune.jpg").getByRole("button", { name: 'Add "TOK"' }).click();
  await expect(studio.card("Dune.jpg").getByTestId("caption-input")).toHaveValue(
    "TOK, sand dunes by the sea",
  );

  // Bulk: a bad regex says so; a prefix shows its preview, applies, and undoes.
  await page.getByTestId("bulk-kind").selectOption("replace");
  await page.getByTestId("bulk-regex").check();
  await page.getByTestId("bulk-find").fill("(unclosed");
  await expect(page.getByTestId("bulk-error")).toContainText("Not a valid regular expression");
  await page.getByTestId("bulk-kind").selectOption("prefix");
  await page.getByTestId("bulk-text").fill("photo of TOK,");
  await expect(page.getByTestId("bulk-preview")).toContainText("photo of TOK, a water drop");
  await page.getByTestId("bulk-apply").click();
  await expect(studio.card("Aqua.jpg").getByTestId("caption-input")).toHaveValue(
    "photo of TOK, a water drop",
  );
  await expect(studio.card("Blinds.jpg").getByTestId("caption-input")).toHaveValue(
    "photo of TOK, green leaf blinds",
  );
  await page.getByTestId("undo").click();
  await expect(studio.card("Aqua.jpg").getByTestId("caption-input")).toHaveValue("a water drop");
  await page.getByTestId("bulk-kind").selectOption("suffix");
  await page.getByTestId("bulk-text").fill("at dusk");
  await page.getByTestId("bulk-apply").click();
  await studio.fillForm("Nature set", "style");
  await studio.field("finetune_type").selectOption("lora");
  await expect(studio.field("learning_rate")).toHaveValue("0.0001");
  await expect(page.getByTestId("cost")).toContainText("400 credits ($4.00)");
  await studio.field("iterations").fill("120");
  await expect(page.getByTestId("cost")).toContainText("200 credits ($2.00)");
  await studio.field("iterations").fill("5000");
  await expect(page.getByTestId("error-iterations")).toContainText("100 to 1000");
  await studio.field("iterations").fill("120");

  await expect(page.getByTestId("save-state")).toHaveText("Draft saved in this browser");
  await page.reload();
  await studio.goto();
  await studio.waitProcessed(5);
  await expect(studio.card("Aqua.jpg").getByTestId("caption-input")).toHaveValue("a water drop, at dusk");
  await expect(studio.card("Blinds.jpg").getByTestId("caption-input")).toHaveValue(
    "green leaf blinds, at dusk",
  );
  await expect(studio.card("Dune.jpg").getByTestId("caption-input")).toHaveValue(
    "TOK, sand dunes by the sea, at dusk",
  );
  await expect(studio.field("finetune_comment")).toHaveValue("Nature set");
  await expect(studio.field("iterations")).toHaveValue("120");
  await expect(studio.field("learning_rate")).toHaveValue("0.0001");
  // The undo history belongs to the page's session: a reload keeps the draft, not yesterday's steps.
  await expect(page.getByTestId("undo")).toBeDisabled();
  await expect(studio.card("Aqua.jpg").locator("img")).toHaveJSProperty("complete", true);
});
