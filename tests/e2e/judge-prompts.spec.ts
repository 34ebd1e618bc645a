import { readFile, writeFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import type { Finetune } from "@/lib/api/types";
import { readyFinetune, runTag } from "../fixtures/finetune-api";
import { expect, expectNoAxeViolations, expectNoRawError, test } from "./fixtures";

/** Prompt library: one saved prompt fills in the right trigger for two different finetunes. */

test.describe.configure({ mode: "serial" });

let a: Finetune;
let b: Finetune;
const tag = runTag();

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  a = await readyFinetune(request, { comment: `Mug ${tag}`, trigger_word: `mgx${tag}` });
  b = await readyFinetune(request, { comment: `Lamp ${tag}`, trigger_word: `lmp${tag} lamp` });
});

async function useSaved(page: Page, title: string) {
  const select = page.getByTestId("saved-prompt-select");
  const value = await select.locator("option", { hasText: title }).getAttribute("value");
  await select.selectOption(value ?? "");
  await page.getByTestId("use-saved-prompt").click();
}

test("a saved prompt with [trigger] fills each finetune's own trigger", async ({
  page,
  playground,
  prompts,
}) => {
  await prompts.goto();
  await page.getByTestId("new-prompt-title").fill(`Desk ${tag}`);
  await page.getByTestId("new-prompt-text").fill("a photo of [trigger] on a wooden desk, [trigger] in focus");
  await page.getByTestId("new-prompt-save").click();
  await expect(prompts.rows.filter({ hasText: `Desk ${tag}` })).toContainText("All finetunes");
  await expectNoAxeViolations(page);

  await playground.goto({ finetune: a.id });
  await expect(playground.finetuneSelect).toHaveValue(a.id);
  await useSaved(page, `Desk ${tag}`);
  await expect(playground.prompt).toHaveValue(`a photo of mgx${tag} on a wooden desk, mgx${tag} in focus`);

  await playground.finetuneSelect.selectOption(b.id);
  await useSaved(page, `Desk ${tag}`);
  await expect(playground.prompt).toHaveValue(
    `a photo of lmp${tag} lamp on a wooden desk, lmp${tag} lamp in focus`,
  );
  await expectNoRawError(page);
});

test("a playground prompt saved for one finetune becomes a template offered only to it", async ({
  page,
  playground,
}) => {
  await playground.goto({ finetune: b.id });
  await expect(playground.finetuneSelect).toHaveValue(b.id);
  await playground.prompt.fill(`lmp${tag} lamp glowing on a night table`);
  await page.getByTestId("save-prompt-open").click();
  await expect(page.getByTestId("save-prompt-form")).toContainText(
    "Saved as: [trigger] glowing on a night table",
  );
  await page.getByTestId("save-prompt-title").fill(`Night ${tag}`);
  await page.getByTestId("save-prompt-own").check();
  await page.getByTestId("save-prompt").click();
  await expect(page.getByTestId("save-prompt-form")).toHaveCount(0);
  await expect(
    page.getByTestId("saved-prompt-select").locator("option", { hasText: `Night ${tag}` }),
  ).toHaveText(`Night ${tag} (this finetune)`);
  await expectNoAxeViolations(page);

  await playground.finetuneSelect.selectOption(a.id);
  await expect(
    page.getByTestId("saved-prompt-select").locator("option", { hasText: `Desk ${tag}` }),
  ).toHaveCount(1);
  await expect(
    page.getByTestId("saved-prompt-select").locator("option", { hasText: `Night ${tag}` }),
  ).toHaveCount(0);
});

test("export downloads the library; importing it back adds only what is new", async ({ page }, info) => {
  await page.goto("/prompts");
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-prompts").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("prompts.json");
  const file = JSON.parse(await readFile((await download.path()) ?? "", "utf8")) as {
    prompts: { title: string; text: string; finetune_id?: string | null }[];
  };
  expect(file.prompts.map((p) => p.title)).toEqual(expect.arrayContaining([`Desk ${tag}`, `Night ${tag}`]));

  file.prompts.push({ title: `Snow ${tag}`, text: "[trigger] in fresh snow", finetune_id: null });
  const path = info.outputPath("prompts-edited.json");
  await writeFile(path, JSON.stringify(file));
  await page.getByTestId("import-prompts").setInputFiles(path);
  await expect(page.getByTestId("import-result")).toHaveText(
    `Imported 1 prompt; ${file.prompts.length - 1} already in the library.`,
  );
  await expect(page.getByTestId("prompt-row").filter({ hasText: `Snow ${tag}` })).toHaveCount(1);

  const bad = info.outputPath("not-prompts.json");
  await writeFile(bad, JSON.stringify({ hello: "world" }));
  await page.getByTestId("import-prompts").setInputFiles(bad);
  await expect(page.getByTestId("import-result")).toContainText(
    'not-prompts.json cannot be imported: format: is not "finetune-studio-prompts"',
  );
});
