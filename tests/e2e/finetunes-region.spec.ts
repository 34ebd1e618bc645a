import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, request, test } from "@playwright/test";
import type { Finetune } from "@/lib/api/types";
import { generateWith, readFinetune, submitFinetune, waitForStatus } from "../fixtures/finetune-api";
import { type RunningServer, removeDir, startDashboard, startSimulator } from "../helpers/servers";

/**
 * Region guard. A finetune trained while the dashboard was set to us1 stays in its database; after a
 * restart with BFL_REGION=eu1 (against an eu1 simulator that has never heard of it) the list marks it,
 * the details page says why it cannot be used and how to switch, and the playground leaves it out
 * instead of failing with "not found". This test starts and stops its own simulators and dashboards.
 */

const SHOTS = ".test-artifacts/screenshots";
type Server = RunningServer & { dataDir: string };

const servers: Server[] = [];
const dataDirs = new Set<string>();
const contexts: APIRequestContext[] = [];

async function track<T extends Server>(started: Promise<T>): Promise<T> {
  const s = await started;
  servers.push(s);
  dataDirs.add(s.dataDir);
  return s;
}

async function apiFor(baseURL: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  contexts.push(ctx);
  return ctx;
}

/** Submit through the dashboard, then finish training at the simulator at once. */
async function readyFinetune(api: APIRequestContext, sim: Server, comment: string): Promise<Finetune> {
  const created = await submitFinetune(api, { comment, trigger_word: "RGNX", iterations: 300 });
  let bflId = created.bfl_id ?? null;
  for (let i = 0; !bflId && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 200));
    bflId = (await readFinetune(api, created.id)).bfl_id ?? null;
  }
  if (!bflId) throw new Error(`finetune ${created.id} was never submitted to the simulator`);
  const done = await api.post(`${sim.url}/_simulator/tasks/${encodeURIComponent(bflId)}/complete`);
  expect(done.status()).toBe(200);
  return waitForStatus(api, created.id, "Ready");
}

async function expectNoAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual(
    [],
  );
}

test.afterAll(async () => {
  for (const ctx of contexts) await ctx.dispose();
  // Dashboards first (they poll the simulators), newest first; each by its own PID.
  for (const s of [...servers].reverse()) await s.stop();
  for (const dir of dataDirs) removeDir(dir);
});

test("a finetune from another region is marked, explained, and not offered in the playground", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const noAuth = { DASHBOARD_PASSWORD: "" };

  // 1. Train in us1.
  const usSim = await track(startSimulator({ env: { SIMULATOR_REGION: "us1" } }));
  const usDash = await track(startDashboard({ bflUrl: usSim.url, env: { ...noAuth, BFL_REGION: "us1" } }));
  const usComment = "Teapot trained in us1";
  const usFt = await readyFinetune(await apiFor(usDash.url), usSim, usComment);
  expect(usFt).toMatchObject({ region: "us1", region_mismatch: false });
  await usDash.stop();

  // 2. Same database, now set to eu1 against an eu1 simulator; train one there too.
  const euSim = await track(
    startSimulator({ env: { SIMULATOR_REGION: "eu1", SIMULATOR_INFERENCE_SECONDS: "0.5" } }),
  );
  const dash = await track(
    startDashboard({
      bflUrl: euSim.url,
      dataDir: usDash.dataDir,
      env: { ...noAuth, BFL_REGION: "eu1" },
    }),
  );
  const api = await apiFor(dash.url);
  expect(await (await api.get("/api/health")).json()).toMatchObject({ region: "eu1" });
  expect(await readFinetune(api, usFt.id)).toMatchObject({ region: "us1", region_mismatch: true });
  const euComment = "Kettle trained in eu1";
  const euFt = await readyFinetune(api, euSim, euComment);
  expect(euFt.region_mismatch).toBe(false);
  await generateWith(api, euFt.id, "RGNX kettle on a table");

  // 3. The list marks the us1 finetune, and only that one.
  await page.goto(`${dash.url}/finetunes`);
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
  await expect(page.getByTestId("open-playground")).toBeDisabled();
  await expect(page.getByTestId("open-playground-reason")).toHaveText(
    "Trained in region us1, which this dashboard is not configured for.",
  );
  await expect(page.getByTestId("finetune-not-found")).toHaveCount(0);
  await expectNoAxeViolations(page);

  // 5. The playground: a link naming the us1 finetune is refused with the explanation, the picker offers
  //    only the eu1 one, and the server refuses it too (409 region_mismatch, not 404).
  await page.goto(`${dash.url}/playground?finetune=${encodeURIComponent(usFt.id)}`);
  const blocked = page.getByTestId("requested-finetune-blocked");
  await expect(blocked).toContainText(`“${usComment}” cannot be used here.`);
  await expect(blocked).toContainText("Trained in region us1");
  await expect(blocked).toContainText("BFL_REGION=us1");
  await expect(page.getByTestId("requested-finetune-missing")).toHaveCount(0);
  const select = page.getByTestId("finetune-select");
  await expect(select).toHaveValue(euFt.id);
  await expect(select.locator("option")).toHaveText([`${euComment} · RGNX · product`]);
  await expect(page.getByTestId("other-region-hidden")).toHaveCount(0); // the requested one is explained above
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SHOTS}/region-playground-1366-light.png` });

  await page.goto(`${dash.url}/playground`);
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
  await page.goto(`${dash.url}/`);
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
      await page.goto(`${dash.url}/`);
      await expect(thumb).toHaveCount(1);
      await page.screenshot({ path: `${SHOTS}/region-home-${w}-${scheme}.png`, fullPage: true });
      await page.goto(`${dash.url}/finetunes/${usFt.id}`);
      await expect(guard).toBeVisible();
      await expect(page.getByTestId("dataset-image")).toHaveCount(5);
      await page.screenshot({ path: `${SHOTS}/region-details-${w}-${scheme}.png`, fullPage: true });
    }
  }
});
