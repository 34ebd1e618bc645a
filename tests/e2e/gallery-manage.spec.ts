import { readFileSync } from "node:fs";
import JSZip from "jszip";
import type { Finetune, Generation } from "@/lib/api/types";
import { createViaApi, readyFinetune, runTag, waitGenerationDone } from "../fixtures/finetune-api";
import { expect, expectNoAxeViolations, SHOTS, test } from "./fixtures";

/** Issue 13, item 10: finding, keeping and tidying images in the gallery. */

test.describe.configure({ mode: "serial" });

let ft: Finetune;
const made: Generation[] = [];
const PROMPTS = ["MANTOK, a violin on a chair", "MANTOK, a red kite", "MANTOK, a kite over the sea"];

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  ft = await readyFinetune(request, { comment: `Toys ${runTag()}`, trigger_word: "MANTOK" });
  for (const prompt of PROMPTS) {
    const g = await createViaApi(request, {
      endpoint: "flux-pro-finetuned",
      finetune_id: ft.id,
      prompt,
      width: 256,
      height: 256,
    });
    made.push(await waitGenerationDone(request, g.id));
  }
});

const card = (page: import("@playwright/test").Page, g: Generation) =>
  page.locator(`[data-testid="gallery-item"][data-generation-id="${g.id}"]`);

test("cards show prompt and date; search, endpoint and favourites live in the URL and survive a reload", async ({
  page,
  gallery,
}) => {
  await gallery.goto({ finetune: ft.id });
  const items = gallery.items;
  await expect(items).toHaveCount(3);
  await expect(card(page, made[0]!).getByTestId("gallery-title")).toHaveText(PROMPTS[0]!);
  await expect(card(page, made[0]!).locator("time")).toHaveAttribute("datetime", made[0]!.created_at);

  await gallery.search.fill("kite");
  await expect(items).toHaveCount(2);
  await expect(page).toHaveURL(/[?&]q=kite(&|$)/);
  await page.reload();
  await expect(gallery.search).toHaveValue("kite");
  await expect(items).toHaveCount(2);
  await gallery.search.fill("");
  await expect(items).toHaveCount(3);

  await gallery.filter("endpoint").selectOption("flux-pro-finetuned");
  await expect(page).toHaveURL(/endpoint=flux-pro-finetuned/);

  // A favourite, then favourites only (kept in the URL and in the database).
  const fav = card(page, made[1]!).getByTestId("gallery-favourite");
  await expect(fav).toHaveAttribute("aria-pressed", "false");
  await fav.click();
  await expect(fav).toHaveAttribute("aria-pressed", "true");
  await gallery.filter("favourites").check();
  await expect(items).toHaveCount(1);
  await expect(page).toHaveURL(/favourites=1/);
  await page.reload();
  await expect(gallery.filter("favourites")).toBeChecked();
  await expect(items).toHaveCount(1);
  await expect(card(page, made[1]!)).toBeVisible();
  await gallery.filter("favourites").uncheck();
  await expect(items).toHaveCount(3);

  // Nothing matches: say so, and offer the way out and the playground.
  await gallery.search.fill("no such thing anywhere");
  const empty = page.getByTestId("gallery-empty");
  await expect(empty).toContainText("No images match these filters.");
  await expect(empty.getByRole("link", { name: "make one in the playground" })).toHaveAttribute(
    "href",
    "/playground",
  );
  await empty.getByRole("button", { name: "Clear filters" }).click();
  await expect(gallery.search).toHaveValue("");
  await expectNoAxeViolations(page);
});

test("the viewer names every parameter in words (no raw API keys), light and dark, 1440 and 390 px", async ({
  page,
  gallery,
}) => {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await gallery.goto({ finetune: ft.id });
      await card(page, made[2]!).getByTestId("gallery-open").click();
      const details = gallery.viewer.getByTestId("viewer-details");
      await expect(details).toBeVisible();
      await expect(gallery.viewerImage).toBeVisible();
      const names = await details.locator("dt").allInnerTexts();
      expect(names).toContain("Safety tolerance");
      expect(names.filter((n) => /_|^[a-z]/.test(n))).toEqual([]);
      await expect(details).not.toContainText("flux-pro-finetuned");
      await page.screenshot({ path: `${SHOTS}/gallery-viewer-${width}-${scheme}.png` });
      await page.keyboard.press("Escape");
    }
  }
});

test("bulk select: download the chosen images as one ZIP, then delete them after confirming", async ({
  page,
  gallery,
}) => {
  await gallery.goto({ finetune: ft.id });
  const items = gallery.items;
  await expect(items).toHaveCount(3);
  await card(page, made[0]!).getByTestId("gallery-select").check();
  await card(page, made[2]!).getByTestId("gallery-select").check();
  await expect(page.getByTestId("gallery-selected-count")).toHaveText("2 selected");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("gallery-download-zip").click(),
  ]);
  expect(download.suggestedFilename()).toBe("finetune-studio-2-images.zip");
  const zip = await JSZip.loadAsync(readFileSync((await download.path()) ?? ""));
  const names = Object.keys(zip.files).sort();
  expect(names).toHaveLength(2);
  for (const g of [made[0]!, made[2]!]) expect(names.some((n) => n.includes(g.id.slice(0, 8)))).toBe(true);

  // Delete asks first; Cancel keeps everything.
  await page.getByTestId("gallery-delete-selected").click();
  const dialog = page.getByTestId("gallery-delete-dialog");
  await expect(dialog).toContainText("Delete 2 images?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(items).toHaveCount(3);
  await page.getByTestId("gallery-delete-selected").click();
  await dialog.getByRole("button", { name: "Delete 2" }).click();
  await expect(items).toHaveCount(1);
  await expect(card(page, made[1]!)).toBeVisible();
  await expect(page.getByTestId("gallery-bulk-bar")).toHaveCount(0);
  await page.reload();
  await expect(items).toHaveCount(1);
});
