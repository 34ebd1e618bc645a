import { readFileSync } from "node:fs";
import { makeFakeHeic, makeJpeg } from "../fixtures/images";
import { debianPhotos } from "../fixtures/photos";
import { makeCorruptZip, makeZip } from "../fixtures/zips";
import { expect, expectNoAxeViolations, SHOTS, test } from "./fixtures";

const photos = debianPhotos();
const jpeg = (name: string, buffer: Buffer) => ({ name, mimeType: "image/jpeg", buffer });
const zip = (name: string, bytes: Uint8Array) => ({
  name,
  mimeType: "application/zip",
  buffer: Buffer.from(bytes),
});

test.describe.configure({ mode: "serial" });

test("each bad input gets its own message with the file's name", async ({ page, studio }) => {
  await studio.goto();
  const real = readFileSync(photos.nature[0]!);
  await studio.addFiles([
    jpeg("notes.jpg", Buffer.from("this is a text file, not a photo\n")),
    jpeg("half.jpg", real.subarray(0, Math.floor(real.length / 2))),
    jpeg("phone.jpg", makeFakeHeic()),
    { name: "ghost.txt", mimeType: "text/plain", buffer: Buffer.from("a caption with no image") },
    zip("broken.zip", makeCorruptZip()),
    zip(
      "escape.zip",
      await makeZip({ "../evil.jpg": await makeJpeg(64, 64), "ok.jpg": await makeJpeg(64, 64) }),
    ),
    { name: "clip.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a") },
  ]);
  const rejections = page.getByTestId("rejection");
  await expect(rejections.filter({ hasText: "notes.jpg" })).toContainText("contains text");
  await expect(rejections.filter({ hasText: "half.jpg" })).toContainText("truncated");
  await expect(rejections.filter({ hasText: "phone.jpg" })).toContainText("HEIC");
  await expect(rejections.filter({ hasText: "broken.zip" })).toContainText("not a readable ZIP");
  await expect(rejections.filter({ hasText: "escape.zip" })).toContainText("points outside");
  await expect(rejections.filter({ hasText: "clip.gif" })).toContainText(".gif files are not supported");
  await expect(page.getByTestId("notice-caption_without_image")).toContainText("ghost.txt");
  await expect(studio.cards).toHaveCount(0);
  // Nothing added yet: an invitation, not a red "Blocked".
  await expect(page.getByTestId("blocked-reason")).toContainText("Add images to start");
  await page
    .getByTestId("notice-caption_without_image")
    .getByRole("button", { name: "Remove caption" })
    .click();
  await expect(page.getByTestId("notice-caption_without_image")).toHaveCount(0);

  // 21 images: blocked, and the submit button stays off.
  const many = await Promise.all(
    Array.from({ length: 21 }, async (_, i) => jpeg(`gen-${i + 1}.jpg`, await makeJpeg(96, 96, i * 13 + 1))),
  );
  await studio.addFiles(many);
  await studio.waitProcessed(21);
  await expect(page.getByTestId("notice-too_many_images")).toContainText("at most 20. Remove 1.");
  await expect(studio.submit).toBeDisabled();
  // 21 tiny images: one summary, not 21 card warnings.
  await expect(page.getByTestId("notice-many_tiny_image")).toContainText("21 images are under 0.3 MP");
  await expect(page.getByTestId("warning-tiny_image")).toHaveCount(0);
  await studio.card("gen-21.jpg").getByRole("button", { name: "Remove gen-21.jpg" }).click();
  await expect(page.getByTestId("notice-too_many_images")).toHaveCount(0);
  await page.getByTestId("clear-draft").click();
  await page.getByTestId("clear-draft-dialog").getByRole("button", { name: "Clear draft" }).click();
  await expect(studio.cards).toHaveCount(0);
});

test("a ZIP with folders and macOS junk imports; submit uploads and lands on the finetune; retrain loads it back", async ({
  page,
  studio,
}) => {
  test.setTimeout(120_000);
  await studio.goto();
  const entries: Record<string, Uint8Array | string> = {
    "my set/": "",
    "__MACOSX/my set/._Aqua.jpg": "junk",
    "my set/.DS_Store": "junk",
  };
  for (const p of photos.nature.slice(0, 6)) {
    const name = p.split("/").pop()!;
    entries[`my set/${name}`] = readFileSync(p);
    entries[`my set/${name.replace(".jpg", ".txt")}`] =
      `TOK, ${name.replace(".jpg", "").toLowerCase()} close up`;
  }
  await studio.addFiles([zip("dataset.zip", await makeZip(entries))]);
  await studio.waitProcessed(6);
  await expect(page.getByTestId("rejection")).toHaveCount(0);
  await expect(studio.card("Aqua.jpg").getByTestId("caption-input")).toHaveValue("TOK, aqua close up");

  await page.setViewportSize({ width: 1366, height: 800 });
  await page.screenshot({ path: `${SHOTS}/dataset-1366.png` });
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/dataset-390.png` });
  await page.screenshot({ path: `${SHOTS}/dataset-390-full.png`, fullPage: true });
  await page.setViewportSize({ width: 1366, height: 800 });

  // Submitting without a name shows what is missing and focuses it.
  await studio.submit.click();
  await expect(page.getByTestId("error-finetune_comment")).toBeVisible();
  await expect(studio.field("finetune_comment")).toBeFocused();
  await studio.fillForm("Nature close-ups", "product");
  await studio.field("iterations").fill("140");
  await studio.submit.click();
  await page.waitForURL(/\/finetunes\/[^/?]+$/, { timeout: 60_000 });
  const id = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

  // The draft was cleared after the upload.
  await studio.goto();
  await expect(studio.cards).toHaveCount(0);

  await page.goto(`/new?retrain=${encodeURIComponent(id)}`);
  await expect(page.getByTestId("retrain-loaded")).toBeVisible({ timeout: 30_000 });
  await studio.waitProcessed(6);
  await expect(studio.card("Aqua.jpg").getByTestId("caption-input")).toHaveValue("TOK, aqua close up");
  await expect(studio.field("finetune_comment")).toHaveValue("Nature close-ups (retrain)");
  await expect(studio.field("mode")).toHaveValue("product");
  await expect(studio.field("iterations")).toHaveValue("140");
});
