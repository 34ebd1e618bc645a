import { expect, test } from "@playwright/test";
import { sweepCost } from "@/lib/playground/sweep";
import { type RunningServer, removeDir, startDashboard, startSimulator } from "../helpers/servers";
import { expectNoAxeViolations, expectNoRawError } from "./playground-fixtures";

/**
 * A klein LoRA's eval set in the browser: from its card to its page, klein's fields only (its one
 * endpoint, no opt-in: it runs on demand), the cost before running, and the contact sheet with every image
 * stored. Its own live-profile simulator and dashboard (the 2024 beta has no klein endpoints).
 */

let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };

test.beforeAll(async () => {
  sim = await startSimulator({ profile: "live", env: { SIMULATOR_INFERENCE_SECONDS: "1" } });
  dash = await startDashboard({ bflUrl: sim.url });
});

test.afterAll(async () => {
  await dash?.stop();
  await sim?.stop();
  for (const s of [dash, sim]) if (s) removeDir(s.dataDir);
});

test("a klein LoRA's eval set runs on demand and shows its contact sheet", async ({ page }) => {
  test.setTimeout(120_000);
  const added = await page.request.post(`${dash.url}/api/loras`, {
    data: { id: "product-shots_v2", base_model: "klein-4b", precision: "fp8", trigger_phrase: "pshot" },
  });
  expect(added.status(), await added.text()).toBe(201);

  await page.goto(`${dash.url}/finetunes`);
  const card = page.locator('[data-testid=lora-card][data-finetune-id="product-shots_v2"]');
  await card.getByTestId("lora-eval").click();
  await expect(page).toHaveURL(/\/loras\/product-shots_v2$/);

  const panel = page.getByTestId("eval-set");
  await expect(panel.getByTestId("eval-endpoint")).toContainText("flux-2-klein-4b-finetuned");
  await expect(panel.getByTestId("eval-on-demand")).toContainText("Ready as soon as it is added");
  // klein's fields only: no FLUX.1 endpoint choice, no "run on Ready" opt-in.
  await expect(panel.getByTestId("eval-enabled")).toHaveCount(0);
  await expect(panel.getByRole("radio")).toHaveCount(0);
  await expect(panel.getByText('"pshot"')).toBeVisible();

  await panel.getByTestId("eval-prompts").fill("[trigger] on a marble counter\na studio photo of [trigger]");
  await panel.getByTestId("eval-strengths").fill("0, 1.1");
  await expect(panel.getByTestId("eval-cost")).toHaveText(
    `One run: ${sweepCost("flux-2-klein-4b-finetuned", 4).text}`,
  );
  await expect(panel.getByTestId("eval-run")).toHaveCount(0);
  await panel.getByTestId("eval-save").click();
  await expect(panel.getByTestId("eval-saved")).toBeVisible();
  await expectNoAxeViolations(page);
  await panel.getByTestId("eval-run").click();

  const sheet = panel.getByTestId("eval-sheet");
  await expect(sheet.getByTestId("compare-image")).toHaveCount(4, { timeout: 60_000 });
  await expect(sheet.getByTestId("compare-column")).toHaveText(["Base model (strength 0)", "Strength 1.1"]);
  await expect(sheet.getByTestId("compare-row").getByRole("rowheader")).toContainText([
    "pshot on a marble counter",
    "a studio photo of pshot",
  ]);
  await expect(panel.getByTestId("eval-run")).toHaveText("Run again");

  // Every image is kept by the dashboard like any other, on the LoRA's klein endpoint.
  const answer = (await (
    await page.request.get(`${dash.url}/api/generations?finetune_id=product-shots_v2&limit=50`)
  ).json()) as { generations: { endpoint: string; status: string; image_url: string | null }[] };
  expect(answer.generations).toHaveLength(4);
  for (const g of answer.generations) {
    expect([g.endpoint, g.status]).toEqual(["flux-2-klein-4b-finetuned", "Ready"]);
    expect((await page.request.get(`${dash.url}${g.image_url ?? ""}`)).status()).toBe(200);
  }
  await expectNoRawError(page);
});
