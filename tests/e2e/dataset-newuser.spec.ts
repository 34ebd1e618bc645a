import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import sharp from "sharp";
import { makeJpeg } from "../fixtures/images";
import { debianPhotos } from "../fixtures/photos";
import { makeZip } from "../fixtures/zips";
import { expect, expectNoAxeViolations, type FilePayload, SHOTS, test } from "./fixtures";
import type { StudioPage } from "./pages/studio-page";

/** What a new user tripped over in the dataset studio (issue 13, items 1-4 and 8). */

const photos = debianPhotos();
const jpeg = (name: string, buffer: Buffer): FilePayload => ({ name, mimeType: "image/jpeg", buffer });
const text = (name: string, body: string): FilePayload => ({
  name,
  mimeType: "text/plain",
  buffer: Buffer.from(body),
});
const caption = (studio: StudioPage, name: string) => studio.card(name).getByTestId("caption-input");

/** Three distinct 800×600 images, the first two with captions. */
async function threeImages(
  studio: StudioPage,
  captions: Record<string, string> = { a: "landscape", b: "hexagons" },
) {
  await studio.goto();
  const files: FilePayload[] = [];
  for (const [i, n] of ["a", "b", "c"].entries())
    files.push(jpeg(`${n}.jpg`, await makeJpeg(800, 600, i + 1)));
  for (const [n, body] of Object.entries(captions)) files.push(text(`${n}.txt`, body));
  await studio.addFiles(files);
  await studio.waitProcessed(3);
}

async function bulk(page: Page, kind: string, value?: string) {
  await page.getByTestId("bulk-kind").selectOption(kind);
  if (value !== undefined) await page.getByTestId("bulk-text").fill(value);
}

test("1. undo after a bulk clear and hand typing takes back only the last typing; redo; a reload starts fresh", async ({
  page,
  studio,
}) => {
  await threeImages(studio);
  await bulk(page, "clear");
  await page.getByTestId("bulk-apply").click();
  await expect(caption(studio, "a.jpg")).toHaveValue("");
  await caption(studio, "a.jpg").pressSequentially("a typed caption");
  await caption(studio, "b.jpg").pressSequentially("another typed one");
  await expect(page.getByTestId("undo")).toHaveText("Undo: Edit caption of b.jpg");
  await page.getByTestId("undo").click();
  await expect(caption(studio, "b.jpg")).toHaveValue("");
  await expect(caption(studio, "a.jpg")).toHaveValue("a typed caption");
  await expect(page.getByTestId("redo")).toHaveText("Redo: Edit caption of b.jpg");
  await page.getByTestId("redo").click();
  await expect(caption(studio, "b.jpg")).toHaveValue("another typed one");
  await expect(caption(studio, "a.jpg")).toHaveValue("a typed caption");
  await expect(page.getByTestId("save-state")).toHaveText("Draft saved in this browser");
  await page.reload();
  await studio.goto();
  await expect(caption(studio, "b.jpg")).toHaveValue("another typed one");
  await expect(page.getByTestId("undo")).toBeDisabled();
});

test("2. bulk suffix and trigger leave uncaptioned images alone unless opted in, and the preview says so", async ({
  page,
  studio,
}) => {
  await threeImages(studio, { a: "landscape" });
  await bulk(page, "suffix", "soft light");
  await expect(page.getByTestId("bulk-skipped")).toContainText("2 images have no caption and are left alone");
  await expect(page.getByTestId("bulk-apply")).toHaveText('Add suffix "soft light": apply to 1 caption');
  await page.getByTestId("bulk-apply").click();
  await expect(caption(studio, "b.jpg")).toHaveValue("");
  await expect(caption(studio, "c.jpg")).toHaveValue("");
  await bulk(page, "trigger");
  await page.getByTestId("bulk-include-uncaptioned").check();
  await expect(page.getByTestId("bulk-skipped")).toHaveCount(0);
  await expect(page.getByTestId("bulk-apply")).toHaveText('Insert trigger word "TOK": apply to 3 captions');
  await page.getByTestId("bulk-apply").click();
  await expect(caption(studio, "c.jpg")).toHaveValue("TOK");
});

test("3. joins respect punctuation: suffix ', soft light', 'high detail', trigger before ', soft light'", async ({
  page,
  studio,
}) => {
  await threeImages(studio, { a: "landscape  ", b: "hexagons", c: ", soft light" });
  // Each step on one selected card.
  const only = async (name: string, kind: string, value?: string) => {
    const box = studio.card(name).getByRole("checkbox");
    await box.check();
    await bulk(page, kind, value);
    await expect(page.getByTestId("bulk-apply")).toContainText("apply to 1 caption");
    await page.getByTestId("bulk-apply").click();
    await box.uncheck();
  };
  await only("a.jpg", "suffix", ", soft light");
  await expect(caption(studio, "a.jpg")).toHaveValue("landscape, soft light");
  await only("b.jpg", "suffix", "high detail");
  await expect(caption(studio, "b.jpg")).toHaveValue("hexagons, high detail");
  await only("c.jpg", "trigger");
  await expect(caption(studio, "c.jpg")).toHaveValue("TOK, soft light");
});

test("4. Remove and Remove selected are undoable and bring the captions back", async ({ page, studio }) => {
  await threeImages(studio);
  await studio.card("a.jpg").getByRole("button", { name: "Remove a.jpg" }).click();
  await expect(studio.cards).toHaveCount(2);
  await expect(page.getByTestId("undo")).toHaveText("Undo: Remove a.jpg");
  await page.getByTestId("undo").click();
  await expect(caption(studio, "a.jpg")).toHaveValue("landscape");
  await expect(studio.card("a.jpg").locator("img")).toBeVisible();
  for (const n of ["a.jpg", "b.jpg"]) await studio.card(n).getByRole("checkbox").check();
  await page.getByTestId("remove-selected").click();
  await expect(studio.cards).toHaveCount(1);
  await expect(page.getByTestId("undo")).toHaveText("Undo: Remove 2 images");
  await page.getByTestId("undo").click();
  await expect(studio.cards).toHaveCount(3);
  await expect(caption(studio, "b.jpg")).toHaveValue("hexagons");
});

test("8a. an empty /new invites images instead of saying Blocked", async ({ page, studio }) => {
  await studio.goto();
  await expect(page.getByText("Blocked")).toHaveCount(0);
  await expect(page.getByTestId("blocked-reason")).toHaveText(
    "Add images to start: 5 to 20 JPG, PNG or WebP images work best.",
  );
  await expect(studio.submit).toBeDisabled();
});

test("8b. 20 photos at 1440×900: cost and Start training in view, warnings summarised, screenshots", async ({
  page,
  studio,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await studio.goto();
  await studio.addFiles(photos.twenty);
  await studio.waitProcessed(20, 150_000);
  await studio.field("captioning").uncheck();
  await expect(page.getByTestId("notice-many_no_caption")).toContainText("20 images have no caption");
  await expect(page.getByTestId("warning-no_caption")).toHaveCount(0);
  await expect(studio.submit).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId("cost")).toBeInViewport({ ratio: 1 });
  await page.mouse.wheel(0, 2000);
  await expect(studio.submit).toBeInViewport({ ratio: 1 });
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SHOTS}/new-user-new-1440-light.png` });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/new-user-new-1440-dark.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/new-user-new-390-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: `${SHOTS}/new-user-new-390-light.png` });
});

test("8c. refused files get one summary; a ZIP shows that it is being read", async ({ page, studio }) => {
  await studio.goto();
  await studio.addFiles([
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
  await studio.addFiles([
    { name: "holiday.zip", mimeType: "application/zip", buffer: Buffer.from(await makeZip(entries)) },
  ]);
  await studio.waitProcessed(6);
  expect(await page.evaluate(() => (window as unknown as { sawReading?: string }).sawReading)).toBe(
    "Reading holiday.zip…",
  );
  await page.getByRole("button", { name: "Dismiss these messages" }).click();
  await expect(page.getByTestId("rejections-summary")).toHaveCount(0);
});

test("8d. Replace takes the new name; shrinking keeps a smaller original; a 4:1 panorama is warned", async ({
  studio,
}) => {
  await studio.goto();
  const photo = readFileSync(photos.nature[0]!);
  // Over 1 MP but so compressed that a re-encode at quality 0.85 would be bigger.
  const lowQuality = await sharp(photo).resize(1600, 1200, { fit: "fill" }).jpeg({ quality: 15 }).toBuffer();
  const panorama = await sharp(photo).resize(2000, 500, { fit: "fill" }).jpeg().toBuffer();
  await studio.addFiles([
    jpeg("old.jpg", await makeJpeg(800, 600, 3)),
    jpeg("low.jpg", lowQuality),
    jpeg("pano.jpg", panorama),
  ]);
  await studio.waitProcessed(3);
  await expect(studio.card("low.jpg").getByTestId("image-size")).toHaveText(
    `1600×1200 px · ${Math.round(lowQuality.length / 1024)} KB`,
  );
  await expect(studio.card("pano.jpg").getByTestId("warning-extreme_aspect")).toContainText(
    "4.0:1 (2000×500) is more elongated than 21:9",
  );
  await expect(studio.card("old.jpg").getByTestId("warning-extreme_aspect")).toHaveCount(0);
  await studio
    .card("old.jpg")
    .getByTestId("replace-input")
    .setInputFiles([jpeg("new.jpg", await makeJpeg(900, 700, 4))]);
  await expect(studio.card("new.jpg").getByTestId("image-size")).toContainText("900×700");
  await expect(studio.card("old.jpg")).toHaveCount(0);
});

test("8e. Clear draft asks in a styled dialog; Cancel keeps everything", async ({ page, studio }) => {
  await threeImages(studio);
  await page.getByTestId("clear-draft").click();
  const dialog = page.getByTestId("clear-draft-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading")).toHaveText("Clear this draft?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(studio.cards).toHaveCount(3);
  await page.getByTestId("clear-draft").click();
  await dialog.getByRole("button", { name: "Clear draft" }).click();
  await expect(studio.cards).toHaveCount(0);
});
