import { mkdir, readFile, writeFile } from "node:fs/promises";
import sharp from "sharp";
import { SHEET } from "@/lib/judge/contact-sheet";
import { sweepCost } from "@/lib/playground/sweep";
import { readyFinetune, runTag } from "../fixtures/finetune-api";
import { expect, expectNoAxeViolations, expectNoRawError, SHOTS, test } from "./fixtures";

/** A comparison of 2 finetunes × 3 strengths + the base model: a labelled grid and one PNG sheet. */

test("2 finetunes × 3 strengths + base render as a labelled grid and export one PNG", async ({
  page,
  request,
  compare,
  gallery,
}) => {
  test.setTimeout(180_000);
  const tag = runTag();
  const a = await readyFinetune(request, { comment: `Cmp kettle ${tag}`, trigger_word: `ktl${tag}` });
  const b = await readyFinetune(request, { comment: `Cmp chair ${tag}`, trigger_word: `chr${tag}` });

  await compare.goto();
  await page.locator(`[data-testid="compare-finetune"][data-finetune-id="${a.id}"]`).check();
  await page.locator(`[data-testid="compare-finetune"][data-finetune-id="${b.id}"]`).check();
  await compare.prompt.fill("[trigger] in a sunlit kitchen");
  await compare.strengths.fill("0.5, 1, 1.5");
  await page.getByTestId("compare-seed").fill("4242");
  await expect(page.getByTestId("compare-cost")).toHaveText(
    "Total cost: 8 images × 7 credits = 56 credits ($0.56)",
  );
  await expectNoAxeViolations(page);
  await compare.run.click();

  await expect(page).toHaveURL(/\/compare\?id=cmp-/);
  const grid = compare.grid;
  await expect(grid.getByTestId("compare-column")).toHaveText([
    "Base model (strength 0)",
    "Strength 0.5",
    "Strength 1",
    "Strength 1.5",
  ]);
  const rows = grid.getByTestId("compare-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByRole("rowheader")).toContainText(`Cmp kettle ${tag}`);
  await expect(rows.nth(0).getByRole("rowheader")).toContainText(`ktl${tag} in a sunlit kitchen`);
  await expect(rows.nth(1).getByRole("rowheader")).toContainText(`chr${tag} in a sunlit kitchen`);
  await expect(grid.getByTestId("compare-image")).toHaveCount(8, { timeout: 60_000 });
  await expect(compare.progress).toHaveText("8 of 8 images finished");
  await expect(rows.nth(1).getByRole("img", { name: `Cmp chair ${tag}, Strength 1.5` })).toBeVisible();

  // Every image shares the seed and one comparison id; the base column is strength 0.
  const id = new URL(page.url()).searchParams.get("id") ?? "";
  const answer = (await (await request.get(`/api/comparisons/${id}`)).json()) as {
    generations: { seed: number; finetune_strength: number; sweep_id: string; status: string }[];
  };
  expect(answer.generations).toHaveLength(8);
  expect(new Set(answer.generations.map((g) => g.seed))).toEqual(new Set([4242]));
  expect(answer.generations.filter((g) => g.finetune_strength === 0)).toHaveLength(2);

  const downloading = page.waitForEvent("download");
  await page.getByTestId("compare-export").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^comparison-.+\.png$/);
  const png = await readFile((await download.path()) ?? "");
  await mkdir(SHOTS, { recursive: true });
  await writeFile(`${SHOTS}/comparison-sheet.png`, png);
  const meta = await sharp(png).metadata();
  expect(meta.format).toBe("png");
  expect([meta.width, meta.height]).toEqual([
    SHEET.pad * 2 + SHEET.rowLabel + 4 * SHEET.tile + 3 * SHEET.gap,
    SHEET.pad * 2 + SHEET.title + SHEET.header + 2 * SHEET.tile + SHEET.gap,
  ]);
  // Real pictures were drawn into the cells: the last cell is not a flat placeholder.
  const cell = await sharp(png)
    .extract({
      left: SHEET.pad + SHEET.rowLabel + 3 * (SHEET.tile + SHEET.gap),
      top: SHEET.pad + SHEET.title + SHEET.header + SHEET.tile + SHEET.gap,
      width: SHEET.tile,
      height: SHEET.tile,
    })
    .stats();
  expect(Math.max(...cell.channels.map((c) => c.stdev))).toBeGreaterThan(5);
  await expectNoRawError(page);

  // The gallery keeps the comparison as one group that opens the grid again.
  await gallery.goto();
  const group = page
    .getByTestId("gallery-sweep")
    .filter({ has: page.getByTestId("open-comparison") })
    .first();
  await group.getByTestId("open-comparison").click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?id=${id}`));
  await expect(compare.images).toHaveCount(8);
});

test("a klein LoRA's row runs on its klein endpoint with its trigger phrase (live simulator)", async ({
  page,
  servers,
  compare,
}) => {
  test.setTimeout(120_000);
  // Its own live-profile simulator and dashboard, whatever profile the suite's simulator plays.
  const sim = await servers.simulator({ profile: "live", env: { SIMULATOR_INFERENCE_SECONDS: "1" } });
  const dash = await servers.dashboard({ bflUrl: sim.url });
  const added = await page.request.post(`${dash.url}/api/loras`, {
    data: { id: "my-style-lora", base_model: "klein-9b", precision: "fp8", trigger_phrase: "mystyle" },
  });
  expect(added.status(), await added.text()).toBeLessThan(300);
  await compare.at(dash.url).goto();
  const box = compare.finetune("my-style-lora");
  await box.check();
  await compare.prompt.fill("[trigger], a teapot");
  await compare.strengths.fill("1");
  await expect(page.getByTestId("compare-cost")).toHaveText(
    `Total cost: ${sweepCost("flux-2-klein-9b-finetuned", 2).text}`,
  );
  await compare.run.click();
  await expect(page).toHaveURL(/\/compare\?id=cmp-2x-/);
  const row = compare.grid.getByTestId("compare-row");
  await expect(row.getByRole("rowheader")).toContainText("mystyle, a teapot");
  await expect(compare.progress).toHaveText("2 of 2 images finished", {
    timeout: 60_000,
  });
  const id = new URL(page.url()).searchParams.get("id") ?? "";
  const answer = (await (await page.request.get(`${dash.url}/api/comparisons/${id}`)).json()) as {
    generations: { endpoint: string; status: string; prompt: string }[];
  };
  expect(answer.generations.map((g) => [g.endpoint, g.status, g.prompt])).toEqual([
    ["flux-2-klein-9b-finetuned", "Ready", "mystyle, a teapot"],
    ["flux-2-klein-9b-finetuned", "Ready", "mystyle, a teapot"],
  ]);
  await expectNoRawError(page);
});
