import type { Finetune, Generation } from "@/lib/api/types";
import {
  createViaApi,
  readGeneration,
  readyFinetune,
  runTag,
  waitGenerationDone,
} from "../fixtures/finetune-api";
import { expect, expectNoAxeViolations, expectNoRawError, SHOTS, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

let ft: Finetune;
let gone: Finetune;
const singles: Generation[] = [];
let sweep: Generation[] = [];
let orphan: Generation;

const pro = (finetune_id: string, extra: Record<string, unknown>) => ({
  endpoint: "flux-pro-finetuned",
  finetune_id,
  prompt: "GALTOK, a teapot",
  width: 256,
  height: 256,
  seed: 7,
  ...extra,
});

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  const tag = runTag();
  ft = await readyFinetune(request, { comment: `Teapots ${tag}`, trigger_word: "GALTOK" });
  gone = await readyFinetune(request, { comment: `Soon deleted ${tag}`, trigger_word: "GONETOK" });
  orphan = await createViaApi(request, pro(gone.id, { prompt: "GONETOK, a cup" }));
  // 26 singles (more than one gallery page of 24) and one sweep of 3, made newest last.
  for (let i = 0; i < 26; i++) {
    singles.push(
      await createViaApi(
        request,
        pro(ft.id, { prompt: `GALTOK, teapot number ${i}`, finetune_strength: 1 + (i % 5) / 10 }),
      ),
    );
  }
  const sweepId = `sweep-${tag}`;
  for (const s of [0, 0.9, 1.8])
    sweep.push(
      await createViaApi(request, pro(ft.id, { finetune_strength: s, seed: 99, sweep_id: sweepId })),
    );
  for (const g of [orphan, ...singles, ...sweep]) await waitGenerationDone(request, g.id);
  sweep = sweep.map((g) => ({ ...g }));
  const del = await request.delete(`/api/finetunes/${gone.id}`);
  expect(del.ok()).toBe(true);
});

test("newest first, sweeps grouped, lazy thumbnails, pages, filters", async ({ page, gallery }) => {
  await gallery.goto({ finetune: ft.id });
  const first = page.getByTestId("gallery").locator(":scope > *").first();
  // The sweep was made last, so it is the first row; its tiles are labelled by strength.
  await expect(first).toHaveAttribute("data-testid", "gallery-sweep");
  await expect(first.getByTestId("gallery-label")).toHaveText([
    "Strength 0 · base model",
    "Strength 0.9",
    "Strength 1.8",
  ]);
  const items = gallery.items;
  await expect(items).toHaveCount(24);
  await expect(items.first().locator("img")).toHaveAttribute("loading", "lazy");
  await expect(gallery.items.first().locator("img")).toHaveAttribute("src", /thumbnail/);
  await gallery.loadMore.click();
  await expect(items).toHaveCount(29);
  await expect(gallery.loadMore).toHaveCount(0);
  const order = await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-generation-id")));
  expect(order.slice(3)).toEqual([...singles].reverse().map((g) => g.id));

  // Endpoint filter: nothing on fill for this finetune.
  await gallery.filter("endpoint").selectOption("flux-pro-1.0-fill-finetuned");
  await expect(page.getByTestId("gallery-empty")).toContainText("No images match these filters.");
  await gallery.filter("endpoint").selectOption("flux-pro-finetuned");
  await expect(items.first()).toBeVisible();
  for (const [w, h] of [
    [1366, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/gallery-${w}.png` });
  }
  await expectNoAxeViolations(page);
});

test("images of a deleted finetune are marked", async ({ page, request, gallery }) => {
  expect((await readGeneration(request, orphan.id)).finetune_deleted).toBe(true);
  await gallery.goto();
  const card = page.locator(`[data-testid="gallery-item"][data-generation-id="${orphan.id}"]`);
  await gallery.filter("endpoint").selectOption("flux-pro-finetuned");
  await expect(gallery.items.first()).toBeVisible();
  while ((await card.count()) === 0 && (await gallery.loadMore.count()) > 0) {
    const before = await gallery.items.count();
    await gallery.loadMore.click();
    await expect(gallery.items).not.toHaveCount(before);
  }
  await expect(card.getByTestId("finetune-deleted")).toHaveText("Finetune deleted");
});

test("viewer: keys, every parameter, download, use settings, delete", async ({
  page,
  gallery,
  playground,
}) => {
  await gallery.goto({ finetune: ft.id });
  await page.getByTestId("gallery-open").first().click();
  const viewer = gallery.viewer;
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole("heading")).toHaveText("Image 1 of 24");
  const details = viewer.getByTestId("viewer-details");
  const detail = (name: string) => details.locator(`dt:text-is("${name}") + dd`);
  await expect(detail("Prompt")).toHaveText("GALTOK, a teapot");
  await expect(detail("Endpoint")).toHaveText("FLUX.1 [pro] finetuned");
  await expect(detail("Strength")).toHaveText("0");
  await expect(detail("Seed")).toHaveText("99");
  const params: [string, string][] = [
    ["Width (px)", "256"],
    ["Height (px)", "256"],
    ["Safety tolerance", "2"],
    ["Output format", "jpeg"],
    ["Steps", "40"],
  ];
  for (const [name, value] of params) await expect(detail(name)).toHaveText(value);
  await expect(viewer.getByTestId("viewer-image")).toBeVisible();
  await expect(viewer.getByTestId("viewer-download")).toHaveAttribute("download", /\.jpg$/);
  await page.keyboard.press("ArrowRight");
  await expect(viewer.getByRole("heading")).toHaveText("Image 2 of 24");
  await expect(detail("Strength")).toHaveText("0.9");
  await page.keyboard.press("ArrowLeft");
  await expect(viewer.getByRole("heading")).toHaveText("Image 1 of 24");
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.screenshot({ path: `${SHOTS}/gallery-viewer-1366.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/gallery-viewer-390.png` });
  await expectNoAxeViolations(page);
  await page.keyboard.press("Escape");
  await expect(viewer).toHaveCount(0);

  // Delete the newest single image, then it is gone after a reload too.
  const target = singles[singles.length - 1]!;
  await page
    .locator(`[data-testid="gallery-item"][data-generation-id="${target.id}"] [data-testid="gallery-open"]`)
    .click();
  await viewer.getByTestId("viewer-delete").click();
  await viewer.getByTestId("viewer-delete-confirm").click();
  await expect(page.locator(`[data-testid="gallery-item"][data-generation-id="${target.id}"]`)).toHaveCount(
    0,
  );
  await page.keyboard.press("Escape");
  await page.reload();
  await expect(gallery.items.first()).toBeVisible();
  await expect(page.locator(`[data-testid="gallery-item"][data-generation-id="${target.id}"]`)).toHaveCount(
    0,
  );

  // "Use these settings" → the playground with that image's form.
  const source = singles[10]!;
  await page
    .locator(`[data-testid="gallery-item"][data-generation-id="${source.id}"] [data-testid="gallery-open"]`)
    .click();
  await viewer.getByTestId("viewer-use-settings").click();
  await expect(page).toHaveURL(new RegExp(`/playground\\?from=${source.id}`));
  await expect(page.getByTestId("notice")).toContainText("Settings restored");
  await expect(playground.endpoint("pro")).toBeChecked();
  await expect(playground.prompt).toHaveValue("GALTOK, teapot number 10");
  await expect(page.getByTestId("strength-value")).toHaveText("1.00");
  await expect(playground.seed).toHaveValue("7");
  await expect(playground.param("width")).toHaveValue("256");
  await expect(playground.finetuneSelect).toHaveValue(ft.id);
  await expectNoRawError(page);
});
