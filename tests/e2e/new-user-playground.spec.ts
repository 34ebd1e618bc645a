import { expect, type Page, test } from "@playwright/test";
import type { Finetune } from "@/lib/api/types";
import { generationListSchema } from "@/lib/api/types";
import { runTag } from "../fixtures/finetune-api";
import {
  createViaApi,
  expectNoAxeViolations,
  readyFinetune,
  SHOTS,
  waitGenerationDone,
} from "./playground-fixtures";

/** Issue 13, items 6 and 7: the playground as a new user meets it. */

test.describe.configure({ mode: "serial" });

let ft: Finetune;

test.beforeAll(async ({ request }) => {
  ft = await readyFinetune(request, { comment: `Lamp ${runTag()}`, trigger_word: "NULAMP" });
});

async function countGenerations(page: Page, finetuneId: string): Promise<number> {
  const res = await page.request.get(`/api/generations?finetune_id=${finetuneId}&limit=200`);
  return generationListSchema.parse(await res.json()).generations.length;
}

for (const { width, height, scheme } of [
  { width: 1440, height: 900, scheme: "light" as const },
  { width: 1440, height: 900, scheme: "dark" as const },
  { width: 390, height: 844, scheme: "light" as const },
  { width: 390, height: 844, scheme: "dark" as const },
]) {
  test(`at ${width}px (${scheme}): no empty prompt sent, errors clear when fixed, settings survive a reload, the result comes into view`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/playground?finetune=${ft.id}`);
    await expect(page.getByTestId("finetune-select")).toHaveValue(ft.id);

    // Empty prompt: no trigger warning yet; Generate refuses with a clear message and sends nothing.
    await expect(page.getByTestId("trigger-warning")).toHaveCount(0);
    const before = await countGenerations(page, ft.id);
    await page.getByTestId("generate").click();
    await expect(page.getByTestId("form-problems")).toContainText("Write a prompt first");
    expect(await countGenerations(page, ft.id)).toBe(before);

    // Fixing the input removes the stale error at once.
    await page.getByTestId("prompt").fill("a brass lamp on a desk");
    await expect(page.getByTestId("form-problems")).toHaveCount(0);
    await expect(page.getByTestId("trigger-warning")).toBeVisible();
    await page.getByTestId("prompt").fill("NULAMP, a brass lamp on a desk");
    await expect(page.getByTestId("trigger-warning")).toHaveCount(0);

    // Prompt, endpoint and strength survive a reload.
    await page.getByTestId("endpoint-pro").check();
    await page.getByTestId("param-width").fill("320");
    await page.getByTestId("param-height").fill("320");
    await page.getByTestId("strength-slider").fill("0.8");
    await page.reload();
    await expect(page.getByTestId("prompt")).toHaveValue("NULAMP, a brass lamp on a desk");
    await expect(page.getByTestId("endpoint-pro")).toBeChecked();
    await expect(page.getByTestId("strength-value")).toHaveText("0.80");
    await page.getByTestId("param-width").fill("320");
    await page.getByTestId("param-height").fill("320");

    // Generate from the foot of the form: the result is brought into view.
    await page.getByTestId("generate").scrollIntoViewIfNeeded();
    await page.getByTestId("generate").click();
    const latest = page.getByTestId("latest-result");
    await expect(latest.getByTestId("result-tile")).toBeVisible();
    await expect(latest).toBeInViewport({ ratio: 0.3 });
    await expect(latest.getByTestId("result-image")).toBeVisible({ timeout: 30_000 });
    await expect(latest).toBeInViewport({ ratio: 0.3 });
    await page.screenshot({ path: `${SHOTS}/playground-after-generate-${width}-${scheme}.png` });
    await expectNoAxeViolations(page);
  });
}

test("“Use these settings” of an image whose finetune was deleted says so and never sends the deleted id", async ({
  page,
  request,
}) => {
  const doomed = await readyFinetune(request, { comment: `Doomed ${runTag()}`, trigger_word: "NUGONE" });
  const g = await createViaApi(request, {
    endpoint: "flux-pro-finetuned",
    finetune_id: doomed.id,
    prompt: "NUGONE, a red chair",
    width: 320,
    height: 320,
  });
  await waitGenerationDone(request, g.id);
  const del = await request.delete(`/api/finetunes/${doomed.id}`);
  expect(del.ok()).toBe(true);

  // From the gallery viewer's link.
  await page.goto(`/playground?from=${g.id}`);
  await expect(page.getByTestId("notice")).toContainText("was deleted");
  await expect(page.getByTestId("prompt")).toHaveValue("NUGONE, a red chair");
  const select = page.getByTestId("finetune-select");
  await expect(select).toHaveValue("");
  await expect(select.locator("option:checked")).toHaveText("Choose a finetune…");
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/api/generations") && r.method() === "POST") sent.push(r.postData() ?? "");
  });
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("form-problems")).toContainText("Pick a finetune first.");
  expect(sent).toEqual([]);

  // Choosing another finetune clears the problem and generates with it, not with the deleted one.
  await select.selectOption(ft.id);
  await expect(page.getByTestId("form-problems")).toHaveCount(0);
  await page.getByTestId("generate").click();
  await expect.poll(() => sent.length).toBe(1);
  expect(JSON.parse(sent[0]!).finetune_id).toBe(ft.id);
});
