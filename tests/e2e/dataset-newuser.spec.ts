import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { makeJpeg } from "../fixtures/images";
import { debianPhotos } from "../fixtures/photos";
import { makeZip } from "../fixtures/zips";
import { addFiles, card, type FilePayload, openStudio, waitProcessed } from "./dataset-helpers";

/** What a new user tripped over in the dataset studio (issue 13, items 1-4 and 8). */

const photos = debianPhotos();
const jpeg = (name: string, buffer: Buffer): FilePayload => ({ name, mimeType: "image/jpeg", buffer });
const text = (name: string, body: string): FilePayload => ({
  name,
  mimeType: "text/plain",
  buffer: Buffer.from(body),
});
const caption = (page: Page, name: string) => card(page, name).getByTestId("caption-input");

/** Three distinct 800×600 images, the first two with captions. */
async function threeImages(page: Page, captions: Record<string, string> = { a: "landscape", b: "hexagons" }) {
  await openStudio(page);
  const files: FilePayload[] = [];
  for (const [i, n] of ["a", "b", "c"].entries())
    files.push(jpeg(`${n}.jpg`, await makeJpeg(800, 600, i + 1)));
  for (const [n, body] of Object.entries(captions)) files.push(text(`${n}.txt`, body));
  await addFiles(page, files);
  await waitProcessed(page, 3);
}

async function bulk(page: Page, kind: string, value?: string) {
  await page.getByTestId("bulk-kind").selectOption(kind);
  if (value !== undefined) await page.getByTestId("bulk-text").fill(value);
}

test("1. undo after a bulk clear and hand typing takes back only the last typing; redo; a reload starts fresh", async ({
  page,
}) => {
  await threeImages(page);
  await bulk(page, "clear");
  await page.getByTestId("bulk-apply").click();
  await expect(caption(page, "a.jpg")).toHaveValue("");
  await caption(page, "a.jpg").pressSequentially("a typed caption");
  await caption(page, "b.jpg").pressSequentially("another typed one");
  await expect(page.getByTestId("undo")).toHaveText("Undo: Edit caption of b.jpg");
  await page.getByTestId("undo").click();
  await expect(caption(page, "b.jpg")).toHaveValue("");
  await expect(caption(page, "a.jpg")).toHaveValue("a typed caption");
  await expect(page.getByTestId("redo")).toHaveText("Redo: Edit caption of b.jpg");
  await page.getByTestId("redo").click();
  await expect(caption(page, "b.jpg")).toHaveValue("another typed one");
  await expect(caption(page, "a.jpg")).toHaveValue("a typed caption");
  await expect(page.getByTestId("save-state")).toHaveText("Draft saved in this browser");
  await page.reload();
  await openStudio(page);
  await expect(caption(page, "b.jpg")).toHaveValue("another typed one");
  await expect(page.getByTestId("undo")).toBeDisabled();
});

test("2. bulk suffix and trigger leave uncaptioned images alone unless opted in, and the preview says so", async ({
  page,
}) => {
  await threeImages(page, { a: "landscape" });
  await bulk(page, "suffix", "soft light");
  await expect(page.getByTestId("bulk-skipped")).toContainText("2 images have no caption and are left alone");
  await expect(page.getByTestId("bulk-apply")).toHaveText('Add suffix "soft light": apply to 1 caption');
  await page.getByTestId("bulk-apply").click();
  await expect(caption(page, "b.jpg")).toHaveValue("");
  await expect(caption(page, "c.jpg")).toHaveValue("");
  await bulk(page, "trigger");
  await page.getByTestId("bulk-include-uncaptioned").check();
  await expect(page.getByTestId("bulk-skipped")).toHaveCount(0);
  await expect(page.getByTestId("bulk-apply")).toHaveText('Insert trigger word "TOK": apply to 3 captions');
  await page.getByTestId("bulk-apply").click();
  await expect(caption(page, "c.jpg")).toHaveValue("TOK");
});

test("3. joins respect punctuation: suffix ', soft light', 'high detail', trigger before ', soft light'", async ({
  page,
}) => {
  await threeImages(page, { a: "landscape  ", b: "hexagons", c: ", soft light" });
  // Each step on one selected card.
  const only = async (name: string, kind: string, value?: string) => {
    const box = card(page, name).getByRole("checkbox");
    await box.check();
    await bulk(page, kind, value);
    await expect(page.getByTestId("bulk-apply")).toContainText("apply to 1 caption");
    await page.getByTestId("bulk-apply").click();
    await box.uncheck();
  };
  await only("a.jpg", "suffix", ", soft light");
  await expect(caption(page, "a.jpg")).toHaveValue("landscape, soft light");
  await only("b.jpg", "suffix", "high detail");
  await expect(caption(page, "b.jpg")).toHaveValue("hexagons, high detail");
  await only("c.jpg", "trigger");
  await expect(caption(page, "c.jpg")).toHaveValue("TOK, soft light");
});

test("4. Remove and Remove selected are undoable and bring the captions back", async ({ page }) => {
  await threeImages(page);
  await card(page, "a.jpg").getByRole("button", { name: "Remove a.jpg" }).click();
  await expect(page.getByTestId("image-card")).toHaveCount(2);
  await expect(page.getByTestId("undo")).toHaveText("Undo: Remove a.jpg");
  await page.getByTestId("undo").click();
  await expect(caption(page, "a.jpg")).toHaveValue("landscape");
  await expect(card(page, "a.jpg").locator("img")).toBeVisible();
  for (const n of ["a.jpg", "b.jpg"]) await card(page, n).getByRole("checkbox").check();
  await page.getByTestId("remove-selected").click();
  await expect(page.getByTestId("image-card")).toHaveCount(1);
  await expect(page.getByTestId("undo")).toHaveText("Undo: Remove 2 images");
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("image-card")).toHaveCount(3);
  await expect(caption(page, "b.jpg")).toHaveValue("hexagons");
});

test("8a. an empty /new invites images instead of saying Blocked", async ({ page }) => {
  await openStudio(page);
  await expect(page.getByText("Blocked")).toHaveCount(0);
  await expect(page.getByTestId("blocked-reason")).toHaveText(
    "Add images to start: 5 to 20 JPG, PNG or WebP images work best.",
  );
  await expect(page.getByTestId("submit")).toBeDisabled();
});

test("8b. 20 photos at 1440×900: cost and Start training in view, warnings summarised, screenshots", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openStudio(page);
  await addFiles(page, photos.twenty);
  await waitProcessed(page, 20, 150_000);
  await page.getByTestId("field-captioning").uncheck();
  await expect(page.getByTestId("notice-many_no_caption")).toContainText("20 images have no caption");
  await expect(page.getByTestId("warning-no_caption")).toHaveCount(0);
  await expect(page.getByTestId("submit")).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId("cost")).toBeInViewport({ ratio: 1 });
  await page.mouse.wheel(0, 2000);
  await expect(page.getByTestId("submit")).toBeInViewport({ ratio: 1 });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: "/tmp/nu-a/new-1440-light.png" });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "/tmp/nu-a/new-1440-dark.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "/tmp/nu-a/new-390-dark.png" });
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: "/tmp/nu-a/new-390-light.png" });
});

test("8c. refused files get one summary; a ZIP shows that it is being read", async ({ page }) => {
  await openStudio(page);
  await addFiles(page, [
    jpeg("notes.jpg", Buffer.from("text, not a photo\n")),
    { name: "clip.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a") },
  ]);
  await expect(page.getByTestId("rejections-summary")).toHaveCount(1);
  await expect(page.getByTestId("rejections-summary")).toContainText("2 files were not added");
  await expect(page.getByTestId("rejection")).toHaveCount(2);
  // Record whether the "Reading …" status ever appears (it may be brief on a fast machine).
  await page.evaluate(() => {
    const w = window as unknown as { sawReading?: string };
    new MutationObserver(() => {
      const el = document.querySelector("[data-testid=zip-reading]");
      if (el) w.sawReading = el.textContent ?? "";
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const entries: Record<string, Buffer> = {};
  for (const p of photos.nature.slice(0, 6)) entries[`set/${p.split("/").at(-1)}`] = readFileSync(p);
  await addFiles(page, [
    { name: "holiday.zip", mimeType: "application/zip", buffer: Buffer.from(await makeZip(entries)) },
  ]);
  await waitProcessed(page, 6);
  expect(await page.evaluate(() => (window as unknown as { sawReading?: string }).sawReading)).toBe(
    "Reading holiday.zip…",
  );
  await page.getByRole("button", { name: "Dismiss these messages" }).click();
  await expect(page.getByTestId("rejections-summary")).toHaveCount(0);
});

test("8d. Replace takes the new name; shrinking keeps a smaller original; a 4:1 panorama is warned", async ({
  page,
}) => {
  await openStudio(page);
  const photo = readFileSync(photos.nature[0]!);
  // Over 1 MP but so compressed that a re-encode at quality 0.85 would be bigger.
  const lowQuality = await sharp(photo).resize(1600, 1200, { fit: "fill" }).jpeg({ quality: 15 }).toBuffer();
  const panorama = await sharp(photo).resize(2000, 500, { fit: "fill" }).jpeg().toBuffer();
  await addFiles(page, [
    jpeg("old.jpg", await makeJpeg(800, 600, 3)),
    jpeg("low.jpg", lowQuality),
    jpeg("pano.jpg", panorama),
  ]);
  await waitProcessed(page, 3);
  await expect(card(page, "low.jpg").getByTestId("image-size")).toHaveText(
    `1600×1200 px · ${Math.round(lowQuality.length / 1024)} KB`,
  );
  await expect(card(page, "pano.jpg").getByTestId("warning-extreme_aspect")).toContainText(
    "4.0:1 (2000×500) is more elongated than 21:9",
  );
  await expect(card(page, "old.jpg").getByTestId("warning-extreme_aspect")).toHaveCount(0);
  await card(page, "old.jpg")
    .getByTestId("replace-input")
    .setInputFiles([jpeg("new.jpg", await makeJpeg(900, 700, 4))]);
  await expect(card(page, "new.jpg").getByTestId("image-size")).toContainText("900×700");
  await expect(card(page, "old.jpg")).toHaveCount(0);
});

test("8e. Clear draft asks in a styled dialog; Cancel keeps everything", async ({ page }) => {
  await threeImages(page);
  await page.getByTestId("clear-draft").click();
  const dialog = page.getByTestId("clear-draft-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading")).toHaveText("Clear this draft?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("image-card")).toHaveCount(3);
  await page.getByTestId("clear-draft").click();
  await dialog.getByRole("button", { name: "Clear draft" }).click();
  await expect(page.getByTestId("image-card")).toHaveCount(0);
});
