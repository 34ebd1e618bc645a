import { type APIRequestContext, request } from "@playwright/test";
import { generateWith, readFinetune, readyFinetune } from "../fixtures/finetune-api";
import { expect, expectNoAxeViolations, SHOTS, test } from "./fixtures";

/**
 * Region guard. A finetune trained while the dashboard was set to us1 stays in its database; after a
 * restart with BFL_REGION=eu1 (against an eu1 simulator that has never heard of it) the list marks it,
 * the details page says why it cannot be used and how to switch, and the playground leaves it out
 * instead of failing with "not found". This test starts and stops its own simulators and dashboards.
 */

const contexts: APIRequestContext[] = [];

async function apiFor(baseURL: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  contexts.push(ctx);
  return ctx;
}

test.afterAll(async () => {
  for (const ctx of contexts) await ctx.dispose();
});

test("a finetune from another region is marked, explained, and not offered in the playground", async ({
  page,
  servers,
  finetune,
  finetunes,
  home,
  playground,
}) => {
  test.setTimeout(240_000);
  const noAuth = { DASHBOARD_PASSWORD: "" };

  // 1. Train in us1.
  const usSim = await servers.simulator({ env: { SIMULATOR_REGION: "us1" } });
  const usDash = await servers.dashboard({ bflUrl: usSim.url, env: { ...noAuth, BFL_REGION: "us1" } });
  const usComment = "Teapot trained in us1";
  const usFt = await readyFinetune(
    await apiFor(usDash.url),
    { comment: usComment, trigger_word: "RGNX", iterations: 300 },
    usSim.url,
  );
  expect(usFt).toMatchObject({ region: "us1", region_mismatch: false });
  await usDash.stop();

  // 2. Same database, now set to eu1 against an eu1 simulator; train one there too.
  const euSim = await servers.simulator({
    env: { SIMULATOR_REGION: "eu1", SIMULATOR_INFERENCE_SECONDS: "0.5" },
  });
  const dash = await servers.dashboard({
    bflUrl: euSim.url,
    dataDir: usDash.dataDir,
    env: { ...noAuth, BFL_REGION: "eu1" },
  });
  const api = await apiFor(dash.url);
  expect(await (await api.get("/api/health")).json()).toMatchObject({ region: "eu1" });
  expect(await readFinetune(api, usFt.id)).toMatchObject({ region: "us1", region_mismatch: true });
  const euComment = "Kettle trained in eu1";
  const euFt = await readyFinetune(
    api,
    { comment: euComment, trigger_word: "RGNX", iterations: 300 },
    euSim.url,
  );
  expect(euFt.region_mismatch).toBe(false);
  await generateWith(api, euFt.id, "RGNX kettle on a table");

  // 3. The list marks the us1 finetune, and only that one.
  await finetunes.at(dash.url).goto();
  const usCard = page.locator(`[data-testid="finetune-card"][data-finetune-id="${usFt.id}"]`);
  const euCard = page.locator(`[data-testid="finetune-card"][data-finetune-id="${euFt.id}"]`);
  await expect(usCard).toContainText(usComment);
  await expect(usCard.getByTestId("region-mismatch-badge")).toHaveText("Other region (us1)");
  await expect(usCard.getByTestId("region-mismatch-note")).toContainText("cannot generate with it");
  await expect(usCard).toContainText("us1 (other region)");
  await expect(euCard.getByTestId("finetune-status")).toHaveText("Ready");
  await expect(euCard.getByTestId("region-mismatch-badge")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SHOTS}/region-list-1366-light.png`, fullPage: true });

  // 4. Details: why, and how to switch; the playground action is disabled with that reason.
  await usCard.getByRole("link", { name: usComment }).click();
  await expect(page).toHaveURL(`${dash.url}/finetunes/${usFt.id}`);
  await expect(page.getByRole("heading", { level: 1, name: usComment })).toBeVisible();
  const guard = page.getByTestId("region-guard");
  await expect(guard).toContainText("Trained in region us1; this dashboard uses eu1.");
  await expect(guard).toContainText("only works in the region it was trained in");
  await expect(guard).toContainText("BFL_REGION=us1");
  await expect(page.getByTestId("finetune-status")).toHaveText("Ready");
  await expect(finetune.openPlayground).toBeDisabled();
  await expect(finetune.openPlaygroundReason).toHaveText(
    "Trained in region us1, which this dashboard is not configured for.",
  );
  await expect(page.getByTestId("finetune-not-found")).toHaveCount(0);
  await expectNoAxeViolations(page);

  // 5. The playground: a link naming the us1 finetune is refused with the explanation, the picker offers
  //    only the eu1 one, and the server refuses it too (409 region_mismatch, not 404).
  await playground.at(dash.url).goto({ finetune: usFt.id });
  const blocked = page.getByTestId("requested-finetune-blocked");
  await expect(blocked).toContainText(`“${usComment}” cannot be used here.`);
  await expect(blocked).toContainText("Trained in region us1");
  await expect(blocked).toContainText("BFL_REGION=us1");
  await expect(page.getByTestId("requested-finetune-missing")).toHaveCount(0);
  const select = playground.finetuneSelect;
  await expect(select).toHaveValue(euFt.id);
  await expect(select.locator("option")).toHaveText([`${euComment} · RGNX · product`]);
  await expect(page.getByTestId("other-region-hidden")).toHaveCount(0); // the requested one is explained above
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SHOTS}/region-playground-1366-light.png` });

  await playground.at(dash.url).goto();
  await expect(page.getByTestId("requested-finetune-blocked")).toHaveCount(0);
  await expect(page.getByTestId("other-region-hidden")).toContainText(
    "1 Ready finetune from another region is not listed.",
  );
  await expect(page.getByTestId("other-region-hidden")).toContainText("BFL_REGION=us1");

  const refused = await api.post("/api/generations", {
    data: { endpoint: "flux-pro-1.1-ultra-finetuned", finetune_id: usFt.id, prompt: "RGNX teapot" },
  });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toMatchObject({
    code: "region_mismatch",
    message: expect.stringMatching(/trained in us1.*set to eu1/),
  });

  // 6. Home overview: counts by status, the other-region note, the latest image.
  await home.at(dash.url).goto();
  await expect(page.locator('[data-testid="home-count"][data-status="Ready"]')).toContainText("2");
  await expect(page.locator('[data-testid="home-count"][data-status="Error"]')).toContainText("0");
  await expect(page.getByTestId("home-other-region")).toContainText(
    "1 finetune was trained in another region",
  );
  const thumb = page.getByTestId("home-latest-images").locator("img");
  await expect(thumb).toHaveCount(1);
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expectNoAxeViolations(page);

  // 7. Screenshots for review: home and the mismatched finetune's details, two sizes, light and dark.
  for (const [w, h] of [
    [1366, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await home.at(dash.url).goto();
      await expect(thumb).toHaveCount(1);
      await page.screenshot({ path: `${SHOTS}/region-home-${w}-${scheme}.png`, fullPage: true });
      await finetune.at(dash.url).goto(usFt.id);
      await expect(guard).toBeVisible();
      await expect(page.getByTestId("dataset-image")).toHaveCount(5);
      await page.screenshot({ path: `${SHOTS}/region-details-${w}-${scheme}.png`, fullPage: true });
    }
  }
});
