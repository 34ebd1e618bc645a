import type { Page } from "@playwright/test";
import type { Finetune } from "@/lib/api/types";
import { readGeneration, readyFinetune, runTag, setCredits } from "../fixtures/finetune-api";
import { makeJpeg, makeMask, makePng } from "../fixtures/images";
import { expect, expectNoAxeViolations, expectNoRawError, imageBytes, SHOTS, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

let ft: Finetune;
const made: string[] = [];

test.beforeAll(async ({ request }) => {
  ft = await readyFinetune(request, { comment: `Sunglasses ${runTag()}`, trigger_word: "PGSUN" });
});

async function open(page: Page) {
  await page.goto(`/playground?finetune=${ft.id}`);
  await expect(page.getByTestId("finetune-select")).toHaveValue(ft.id);
}

/** Generate and wait for the newest tile's image; returns its generation id and image URL. */
async function generate(page: Page, via: "button" | "keys" = "button") {
  const latest = page.getByTestId("latest-result").getByTestId("result-tile");
  const before = (await latest.count()) ? await latest.getAttribute("data-generation-id") : null;
  if (via === "keys") await page.getByTestId("prompt").press("Control+Enter");
  else await page.getByTestId("generate").click();
  await expect(latest).not.toHaveAttribute("data-generation-id", before ?? "__none__");
  await expect(latest.getByTestId("result-image")).toBeVisible({ timeout: 30_000 });
  const id = (await latest.getAttribute("data-generation-id")) ?? "";
  expect(id).not.toBe("");
  made.push(id);
  const src = (await latest.getByTestId("result-image").getAttribute("src")) ?? "";
  return { id, src, tile: latest };
}

async function usePro(page: Page, size = "512") {
  await page.getByTestId("endpoint-pro").check();
  await page.getByTestId("param-width").fill(size);
  await page.getByTestId("param-height").fill(size);
}

test("each endpoint shows its own parameters and generates an image", async ({
  page,
  request,
  playground,
}) => {
  test.setTimeout(180_000);
  await open(page);
  await page.getByTestId("insert-trigger").click();
  await expect(playground.prompt).toHaveValue("PGSUN");
  await playground.prompt.fill("PGSUN, sunglasses on a beach towel");

  // Ultra: aspect ratio, no width/height; strength starts at 1.2.
  await playground.endpoint("ultra").check();
  await expect(page.getByTestId("strength-value")).toHaveText("1.20");
  await expect(playground.param("aspect_ratio")).toHaveValue("16:9");
  await expect(playground.param("width")).toHaveCount(0);
  await playground.param("aspect_ratio").selectOption("1:1");
  const ultra = await generate(page, "keys");
  expect((await readGeneration(request, ultra.id)).endpoint).toBe("flux-pro-1.1-ultra-finetuned");

  // Pro: width/height in steps of 32, steps and guidance folded under Advanced; strength 1.1.
  await usePro(page);
  await expect(page.getByTestId("strength-value")).toHaveText("1.10");
  await expect(playground.param("aspect_ratio")).toHaveCount(0);
  await expect(playground.param("width")).toHaveAttribute("step", "32");
  await expect(playground.param("steps")).toBeHidden();
  await page.getByText("Advanced settings").click();
  await expect(playground.param("steps")).toHaveValue("40");
  await expect(playground.param("guidance")).toHaveValue("2.5");
  const pro = await generate(page);
  expect(await readGeneration(request, pro.id)).toMatchObject({ width: 512, height: 512 });

  // Depth: needs a control image; a large one is shrunk in the browser.
  await playground.endpoint("depth").check();
  await expect(playground.param("guidance")).toHaveValue("15");
  await playground.generateButton.click();
  await expect(playground.formProblems).toContainText("Upload a control image first.");
  await page.getByTestId("control-image-input").setInputFiles({
    name: "big.jpg",
    mimeType: "image/jpeg",
    buffer: await makeJpeg(2400, 1600, 3),
  });
  await expect(page.getByTestId("control-image-info")).toContainText("shrunk in your browser from 2400×1600");
  const depth = await generate(page);
  const depthGen = await readGeneration(request, depth.id);
  expect(depthGen.inputs).toContain("control_image");
  expect(depthGen.width! * depthGen.height!).toBeLessThanOrEqual(1024 * 1024 + 4096);

  // Canny: the edge preview changes live as the thresholds move.
  await playground.endpoint("canny").check();
  await page.getByTestId("control-image-input").setInputFiles({
    name: "edges.png",
    mimeType: "image/png",
    buffer: await makePng(640, 480, 5),
  });
  const preview = page.getByTestId("canny-preview");
  await expect(preview).not.toHaveAttribute("data-edge-fraction", "");
  const loose = Number(await preview.getAttribute("data-edge-fraction"));
  await playground.param("canny_low_threshold").fill("400");
  await playground.param("canny_high_threshold").fill("500");
  await expect.poll(async () => Number(await preview.getAttribute("data-edge-fraction"))).toBeLessThan(loose);
  const canny = await generate(page);
  expect((await readGeneration(request, canny.id)).params).toMatchObject({ canny_low_threshold: 400 });

  // Fill: paint the mask with mouse drags, invert twice, then generate.
  await playground.endpoint("fill").check();
  await page.getByTestId("fill-image-input").setInputFiles({
    name: "room.jpg",
    mimeType: "image/jpeg",
    buffer: await makeJpeg(512, 384, 9),
  });
  const canvas = page.getByTestId("mask-canvas");
  await expect(canvas).toBeVisible();
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.7, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId("mask-coverage")).not.toContainText(" 0.0% will be repainted");
  const painted = (await page.getByTestId("mask-coverage").textContent()) ?? "";
  await page.getByTestId("mask-invert").click();
  await expect(page.getByTestId("mask-coverage")).not.toHaveText(painted);
  await page.getByTestId("mask-invert").click();
  await expect(page.getByTestId("mask-coverage")).toHaveText(painted);
  const fill = await generate(page);
  expect((await readGeneration(request, fill.id)).inputs.sort()).toEqual(["image", "mask"]);

  // A mask of another size is refused with a clear message.
  await page.getByTestId("mask-source-upload").check();
  await page.getByTestId("mask-upload-input").setInputFiles({
    name: "mask.png",
    mimeType: "image/png",
    buffer: await makeMask(300, 300, { left: 10, top: 10, width: 50, height: 50 }),
  });
  await expect(page.getByTestId("mask-upload-problem")).toHaveText(
    /The mask is 300×300 pixels but the image is 512×384\. They must be the same size/,
  );
  await page.getByTestId("mask-upload-input").setInputFiles({
    name: "mask.png",
    mimeType: "image/png",
    buffer: await makeMask(512, 384, { left: 100, top: 100, width: 200, height: 100 }),
  });
  await expect(page.getByTestId("mask-upload-info")).toContainText("512×384");
  await expectNoRawError(page);
  await expectNoAxeViolations(page);
});

test("moving the slider changes the image at the same seed", async ({ page, playground }) => {
  await open(page);
  await playground.prompt.fill("PGSUN, sunglasses on grass");
  await usePro(page, "384");
  await playground.seed.fill("424242");
  await page.getByTestId("seed-lock").check();
  const a = await generate(page);
  await expect(a.tile.getByTestId("tile-seed")).toHaveText("seed 424242");
  await page.getByTestId("strength-slider").fill("0.3");
  await expect(page.getByTestId("strength-value")).toHaveText("0.30");
  const b = await generate(page);
  await expect(b.tile.getByTestId("tile-seed")).toHaveText("seed 424242");
  expect(b.src).not.toBe(a.src);
  const [bytesA, bytesB] = [await imageBytes(page, a.src), await imageBytes(page, b.src)];
  expect(bytesA.equals(bytesB)).toBe(false);
  // Back at the first strength with the same seed: the same picture again.
  await page.getByTestId("strength-slider").fill("1.1");
  const c = await generate(page);
  expect((await imageBytes(page, c.src)).equals(bytesA)).toBe(true);
});

test("a sweep of 6 strengths shows 6 labelled tiles, cost shown first", async ({
  page,
  request,
  playground,
}) => {
  await open(page);
  await playground.prompt.fill("PGSUN, sunglasses on a table");
  await usePro(page, "256");
  await expect(page.getByTestId("sweep-strengths")).toHaveValue("0, 0.6, 0.9, 1.2, 1.5, 1.8");
  await expect(page.getByTestId("sweep-cost")).toContainText("6 images × 6 credits = 36 credits ($0.36)");
  await page.getByTestId("sweep-strengths").fill("0, 0.6, x");
  await expect(page.getByTestId("sweep-cost")).toHaveText("“x” is not a number.");
  await expect(page.getByTestId("run-sweep")).toBeDisabled();
  await page.getByTestId("sweep-strengths").fill("0, 0.6, 0.9, 1.2, 1.5, 1.8");
  await page.getByTestId("run-sweep").click();
  const grid = page.getByTestId("sweep-grid");
  const tiles = grid.getByTestId("result-tile");
  await expect(tiles).toHaveCount(6);
  await expect(grid.getByTestId("tile-label")).toHaveText([
    "Strength 0 · base model",
    "Strength 0.6",
    "Strength 0.9",
    "Strength 1.2",
    "Strength 1.5",
    "Strength 1.8",
  ]);
  await expect(grid.getByTestId("result-image")).toHaveCount(6, { timeout: 30_000 });
  const ids = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute("data-generation-id") ?? ""));
  made.push(...ids);
  const gens = await Promise.all(ids.map((id) => readGeneration(request, id)));
  expect(new Set(gens.map((g) => g.sweep_id)).size).toBe(1);
  expect(gens[0]!.sweep_id).toBe(await grid.getAttribute("data-sweep-id"));
  expect(new Set(gens.map((g) => g.seed)).size).toBe(1);
  expect(gens.map((g) => g.finetune_strength)).toEqual([0, 0.6, 0.9, 1.2, 1.5, 1.8]);
  for (const [w, h] of [
    [1366, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/playground-sweep-${w}.png`, fullPage: true });
  }
  await expectNoAxeViolations(page);
});

test("“Use these settings” restores the whole form", async ({ page, playground }) => {
  await open(page);
  await playground.prompt.fill("PGSUN, sunglasses in snow");
  await usePro(page, "320");
  await page.getByTestId("strength-slider").fill("0.75");
  await playground.seed.fill("999");
  await page.getByTestId("seed-lock").check();
  await generate(page);
  // Change everything, then restore from the earlier result.
  await playground.endpoint("ultra").check();
  await playground.prompt.fill("something else");
  await playground.seed.fill("1");
  await page.getByTestId("latest-result").getByTestId("use-settings").click();
  await expect(playground.endpoint("pro")).toBeChecked();
  await expect(playground.prompt).toHaveValue("PGSUN, sunglasses in snow");
  await expect(page.getByTestId("strength-value")).toHaveText("0.75");
  await expect(playground.seed).toHaveValue("999");
  await expect(playground.param("width")).toHaveValue("320");
  await expect(page.getByTestId("seed-lock")).toBeChecked();
});

test("moderation and out-of-credits each show their message on the tile", async ({
  page,
  request,
  playground,
}) => {
  await open(page);
  await usePro(page, "256");
  await playground.prompt.fill("PGSUN moderate-me please");
  await playground.generateButton.click();
  const tile = page.getByTestId("latest-result").getByTestId("result-tile");
  await expect(tile.getByTestId("tile-problem")).toContainText("Prompt moderated", { timeout: 30_000 });
  await expect(tile.getByTestId("tile-problem")).toContainText("Nothing was charged");
  made.push((await tile.getAttribute("data-generation-id")) ?? "");

  await setCredits(request, 0);
  try {
    await playground.prompt.fill("PGSUN, sunglasses at night");
    await playground.generateButton.click();
    await expect(tile.getByTestId("tile-problem")).toContainText("Out of credits", { timeout: 30_000 });
    await expect(tile.getByTestId("tile-problem")).toContainText("Add credits");
    await expect(tile.getByTestId("tile-problem")).toHaveAttribute("data-kind", "credits");
  } finally {
    await setCredits(request, 1_000_000);
  }
  await expectNoRawError(page);
  for (const [w, h] of [
    [1366, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/playground-problems-${w}.png`, fullPage: true });
  }
  await expectNoAxeViolations(page);
});

test("after a reload everything made here is in the gallery", async ({ page, gallery }) => {
  await gallery.goto({ finetune: ft.id });
  await page.reload();
  const items = gallery.items;
  await expect(items.first()).toBeVisible();
  const shown = await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-generation-id")));
  for (const id of made.filter(Boolean)) expect(shown).toContain(id);
  await expect(page.getByTestId("gallery-sweep")).toHaveCount(1);
  await expect(page.getByTestId("gallery-sweep").getByTestId("gallery-item")).toHaveCount(6);
  await expectNoRawError(page);
});
