import { SIM_KEY } from "../fixtures/simulator-client";
import { makeDatasetZip } from "../fixtures/zips";
import { expect, expectNoAxeViolations, fileServers, type Server, test } from "./fixtures";

/**
 * FLUX.2 [klein] LoRAs end to end in the browser, against the simulator's live profile (today's BFL): a
 * LoRA added by name, used in the playground on the one endpoint that serves it, kept in the gallery and
 * brought back with "Use these settings". Its own simulator and dashboard, so it runs whatever profile the
 * suite's simulator plays. A second dashboard with a key plays live BFL's rules for a FLUX.1 finetune.
 */

let sim: Server;
let dash: Server;

test.describe.configure({ mode: "serial" });

const own = fileServers();

test.beforeAll(async () => {
  sim = await own.simulator({ profile: "live", env: { SIMULATOR_INFERENCE_SECONDS: "1" } });
  dash = await own.dashboard({ bflUrl: sim.url });
});

test("a klein LoRA added by name generates on its klein endpoint and lands in the gallery", async ({
  page,
  finetunes,
  gallery,
  playground,
}) => {
  test.setTimeout(120_000);
  await finetunes.at(dash.url).goto();
  // BFL lists the seeded LoRAs by name: never "Untitled", always "LoRA".
  const listed = page.locator('[data-testid=lora-card][data-finetune-id="product-shots_v2"]');
  await expect(listed.getByTestId("lora-name")).toHaveText("product-shots_v2");
  await expect(listed.getByTestId("lora-badge")).toHaveText("LoRA");
  await expect(page.getByText("Untitled")).toHaveCount(0);

  // my-style-lora's base model is unknown from BFL's list: set it through the Add LoRA dialog.
  const card = page.locator('[data-testid=lora-card][data-finetune-id="my-style-lora"]');
  await card.getByTestId("lora-set-base").click();
  const dialog = page.getByTestId("add-lora-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("lora-id")).toHaveValue("my-style-lora");
  await dialog.getByTestId("lora-id").fill("My Style");
  await dialog.getByTestId("add-lora-submit").click();
  await expect(dialog.locator("#lora-id-error")).toContainText("lowercase letters");
  await expect(dialog.locator("#lora-base_model-error")).toContainText("Choose the base model");
  await dialog.getByTestId("lora-id").fill("my-style-lora");
  await dialog.getByTestId("lora-base_model").selectOption("klein-9b");
  await expect(dialog.getByTestId("lora-precision")).toHaveValue("fp8");
  await expect(dialog.getByTestId("lora-endpoint")).toHaveText("Served on flux-2-klein-9b-finetuned.");
  await dialog.getByTestId("lora-trigger_phrase").fill("mystyle");
  await expectNoAxeViolations(page, "[data-testid=add-lora-dialog]");
  await dialog.getByTestId("add-lora-submit").click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId("lora-endpoints")).toHaveText("Served on flux-2-klein-9b-finetuned.");
  await expect(card).toContainText("FLUX.2 [klein] 9B");
  await expect(card.getByTestId("lora-base-unknown")).toHaveCount(0);

  await card.getByTestId("lora-playground").click();
  await expect(page).toHaveURL(/\/playground\?finetune=my-style-lora/);
  await expect(playground.finetuneSelect).toHaveValue("my-style-lora");
  // Only the endpoint of its base model and precision, with klein's own form and price.
  const picker = playground.endpoint("picker");
  await expect(picker.getByRole("radio")).toHaveCount(1);
  await expect(playground.endpoint("klein-9b")).toBeChecked();
  await expect(page.getByTestId("strength-value")).toHaveText("1.00");
  await expect(playground.param("width")).toHaveValue("1024");
  await expect(playground.param("aspect_ratio")).toHaveCount(0);
  await expect(page.getByText("from 1.5 credits ($0.015) for the first megapixel")).toBeVisible();

  await page.getByTestId("insert-trigger").click();
  await expect(playground.prompt).toHaveValue("mystyle");
  await playground.prompt.fill("mystyle, a lighthouse at dusk");
  await playground.param("width").fill("512");
  await playground.param("height").fill("512");
  await playground.seed.fill("42");
  await page.getByTestId("seed-lock").check();
  await playground.generateButton.click();
  const tile = page.getByTestId("latest-result").getByTestId("result-tile");
  await expect(tile.getByTestId("result-image")).toBeVisible({ timeout: 30_000 });
  const id = (await tile.getAttribute("data-generation-id")) ?? "";
  expect(id).not.toBe("");
  const src = (await tile.getByTestId("result-image").getAttribute("src")) ?? "";
  const img = await page.request.get(new URL(src, dash.url).toString());
  expect(img.ok()).toBe(true);
  expect(img.headers()["content-type"]).toMatch(/^image\//);

  // The gallery keeps it, filterable by the LoRA, and "Use these settings" brings the klein form back.
  await gallery.at(dash.url).goto();
  await gallery.filter("finetune").selectOption("my-style-lora");
  const item = page.locator(`[data-testid="gallery-item"][data-generation-id="${id}"]`);
  await expect(item).toBeVisible();
  await item.getByTestId("gallery-open").click();
  const viewer = page.getByRole("dialog");
  await expect(viewer).toContainText("my-style-lora");
  await viewer.getByTestId("viewer-use-settings").click();
  await expect(page).toHaveURL(new RegExp(`/playground\\?from=${id}`));
  await expect(playground.endpoint("klein-9b")).toBeChecked();
  await expect(playground.prompt).toHaveValue("mystyle, a lighthouse at dusk");
  await expect(playground.param("width")).toHaveValue("512");
  await expect(playground.seed).toHaveValue("42");
  await expect(playground.finetuneSelect).toHaveValue("my-style-lora");

  // Removing the added record leaves the LoRA as BFL lists it (it stays at BFL).
  await finetunes.at(dash.url).goto();
  await card.getByTestId("lora-remove").click();
  await page.getByTestId("lora-remove-dialog").getByRole("button", { name: "Remove" }).click();
  await expect(card).toContainText("Listed by BFL");
  await expect(card.getByTestId("lora-base-unknown")).toBeVisible();
});

test("a shared org-id/name LoRA sweeps strengths on one seed", async ({ page, playground }) => {
  test.setTimeout(120_000);
  await playground.at(dash.url).goto({ finetune: "acme-org/shared-lora" });
  await expect(playground.finetuneSelect).toHaveValue("acme-org/shared-lora");
  await playground.prompt.fill("a red bicycle");
  // Base model unknown here: every klein endpoint is offered, and BFL's refusal of a wrong one is shown.
  await expect(playground.endpoint("picker").getByRole("radio")).toHaveCount(6);
  await playground.endpoint("klein-4b").check();
  await playground.param("width").fill("256");
  await playground.param("height").fill("256");
  await playground.generateButton.click();
  await expect(page.getByTestId("latest-result").getByTestId("tile-problem")).toContainText(
    "flux-2-klein-9b-finetuned",
  );

  await playground.endpoint("klein-9b").check();
  await playground.param("width").fill("256");
  await playground.param("height").fill("256");
  await page.getByTestId("sweep-strengths").fill("0, 1");
  await expect(page.getByTestId("sweep-cost")).toContainText("2 images × from 1.5 credits = from 3 credits");
  await page.getByTestId("run-sweep").click();
  const sweep = page.getByTestId("sweep-grid").first();
  await expect(sweep.getByTestId("result-image")).toHaveCount(2, { timeout: 45_000 });
});

test("against live BFL a FLUX.1 finetune offers ultra and fill; the retired endpoints are greyed with the reason", async ({
  page,
  request,
  servers,
  playground,
}) => {
  const seeded = await request.post(`${sim.url}/_simulator/legacy-finetunes`, {
    data: {
      file_data: Buffer.from(await makeDatasetZip(2, { width: 256, height: 256 })).toString("base64"),
      finetune_comment: "Old mug",
      trigger_word: "OLDMUG",
      mode: "product",
    },
  });
  expect(seeded.ok(), await seeded.text()).toBe(true);
  const ftId = ((await seeded.json()) as { finetune_id: string }).finetune_id;
  const live = await servers.dashboard({ bflUrl: sim.url, env: { BFL_API_KEY: SIM_KEY } });
  await playground.at(live.url).goto({ finetune: ftId });
  await expect(playground.finetuneSelect).toHaveValue(ftId);
  await expect(playground.endpoint("ultra")).toBeChecked();
  await expect(playground.endpoint("fill")).toBeEnabled();
  for (const retired of ["pro", "depth", "canny"])
    await expect(page.getByTestId(`endpoint-${retired}`)).toBeDisabled();
  await expect(playground.endpoint("retired")).toHaveCount(3);
  await expect(playground.endpoint("retired").first()).toContainText("Retired by BFL");
});
