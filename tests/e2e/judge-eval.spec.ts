import { generationListSchema } from "@/lib/api/types";
import { runTag, simFinetuneId, simUrl, submitFinetune, waitForStatus } from "../fixtures/finetune-api";
import { expect, expectNoAxeViolations, expectNoRawError, test } from "./fixtures";

/** A finetune becomes Ready with its eval set opted in; the contact sheet appears with every image stored. */

test("an opted-in eval set runs on Ready and shows as a contact sheet", async ({
  page,
  request,
  finetune,
}) => {
  test.setTimeout(180_000);
  const tag = runTag();
  const comment = `Eval teapot ${tag}`;
  // A long training (about 40 s on the test simulator) leaves time to opt in before it ends on its own;
  // the test then ends it at once through the simulator.
  const ft = await submitFinetune(request, {
    comment,
    trigger_word: `tpt${tag}`,
    mode: "product",
    iterations: 1000,
    priority: "high_res_only",
  });

  await finetune.goto(ft.id);
  const panel = page.getByTestId("eval-set");
  // Product defaults from the guide's tips: the trigger first.
  await expect(panel.getByTestId("eval-prompts")).toHaveValue(/^\[trigger\], a product photo/);
  await panel.getByTestId("eval-prompts").fill("[trigger] on a marble counter\na studio photo of [trigger]");
  await panel.getByTestId("eval-strengths").fill("0, 1.1");
  await expect(panel.getByTestId("eval-cost")).toHaveText(
    "One run: 4 images × 7 credits = 28 credits ($0.28)",
  );
  await panel.getByTestId("eval-enabled").check();
  await panel.getByTestId("eval-save").click();
  await expect(panel.getByTestId("eval-saved")).toBeVisible();
  await expect(panel.getByTestId("eval-waiting")).toBeVisible();
  await expectNoAxeViolations(page);

  // Training ends at BFL: the dashboard sees Ready and runs the set without anyone clicking.
  const bflId = await simFinetuneId(request, comment);
  expect((await request.post(`${simUrl()}/_simulator/tasks/${bflId}/complete`)).ok()).toBe(true);
  await waitForStatus(request, ft.id, "Ready", 60_000);

  const sheet = panel.getByTestId("eval-sheet");
  await expect(sheet.getByTestId("compare-image")).toHaveCount(4, { timeout: 60_000 });
  await expect(sheet.getByTestId("compare-column")).toHaveText(["Base model (strength 0)", "Strength 1.1"]);
  await expect(sheet.getByTestId("compare-row").getByRole("rowheader")).toContainText([
    `tpt${tag} on a marble counter`,
    `a studio photo of tpt${tag}`,
  ]);
  await expect(panel.getByTestId("eval-waiting")).toHaveCount(0);

  // Every image is stored on the dashboard (not BFL's expiring link) and counted once.
  const gens = generationListSchema.parse(
    await (await request.get(`/api/generations?finetune_id=${ft.id}&limit=50`)).json(),
  ).generations;
  expect(gens).toHaveLength(4);
  for (const g of gens) {
    expect(g.status).toBe("Ready");
    const img = await request.get(g.image_url ?? "");
    expect(img.status()).toBe(200);
    expect(img.headers()["cache-control"]).toContain("immutable");
  }
  expect(new Set(gens.map((g) => g.sweep_id)).size).toBe(1);
  await expectNoRawError(page);
});
