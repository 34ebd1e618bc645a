import type { Page } from "@playwright/test";
import type { Finetune } from "@/lib/api/types";
import { generationListSchema } from "@/lib/api/types";
import { createViaApi, readyFinetune, runTag, waitGenerationDone } from "../fixtures/finetune-api";
import { expect, expectNoAxeViolations, SHOTS, test } from "./fixtures";

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
    playground,
  }) => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await playground.goto({ finetune: ft.id });
    await expect(playground.finetuneSelect).toHaveValue(ft.id);

    // Empty prompt: no trigger warning yet; Generate refuses with a clear message and sends nothing.
    await expect(page.getByTestId("trigger-warning")).toHaveCount(0);
    const before = await countGenerations(page, ft.id);
    await playground.generateButton.click();
    await expect(playground.formProblems).toContainText("Write a prompt first");
    expect(await countGenerations(page, ft.id)).toBe(before);

    // Fixing the input removes the stale error at once.
    await playground.prompt.fill("a brass lamp on a desk");
    await expect(playground.formProblems).toHaveCount(0);
    await expect(page.getByTestId("trigger-warning")).toBeVisible();
    await playground.prompt.fill("NULAMP, a brass lamp on a desk");
    await expect(page.getByTestId("trigger-warning")).toHaveCount(0);

    // Prompt, endpoint and strength survive a reload.
    await playground.endpoint("pro").check();
    await playground.param("width").fill("320");
    await playground.param("height").fill("320");
    await page.getByTestId("strength-slider").fill("0.8");
    await page.reload();
    await expect(playground.prompt).toHaveValue("NULAMP, a brass lamp on a desk");
    await expect(playground.endpoint("pro")).toBeChecked();
    await expect(page.getByTestId("strength-value")).toHaveText("0.80");
    await playground.param("width").fill("320");
    await playground.param("height").fill("320");

    // Generate from the foot of the form: the result is brought into view.
    await playground.generateButton.scrollIntoViewIfNeeded();
    await playground.generateButton.click();
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
  playground,
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
  await playground.goto({ from: g.id });
  await expect(page.getByTestId("notice")).toContainText("was deleted");
  await expect(playground.prompt).toHaveValue("NUGONE, a red chair");
  const select = playground.finetuneSelect;
  await expect(select).toHaveValue("");
  await expect(select.locator("option:checked")).toHaveText("Choose a finetune…");
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/api/generations") && r.method() === "POST") sent.push(r.postData() ?? "");
  });
  await playground.generateButton.click();
  await expect(playground.formProblems).toContainText("Pick a finetune first.");
  expect(sent).toEqual([]);

  // Choosing another finetune clears the problem and generates with it, not with the deleted one.
  await select.selectOption(ft.id);
  await expect(playground.formProblems).toHaveCount(0);
  await playground.generateButton.click();
  await expect.poll(() => sent.length).toBe(1);
  expect(JSON.parse(sent[0]!).finetune_id).toBe(ft.id);
});
