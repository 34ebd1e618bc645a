import { expect, test } from "@playwright/test";
import { generationListSchema } from "@/lib/api/types";
import { formatCredits, type LedgerResponse, ledgerResponseSchema } from "@/lib/judge/ledger";
import { runTag } from "../fixtures/finetune-api";
import {
  createViaApi,
  expectNoAxeViolations,
  expectNoRawError,
  readyFinetune,
  waitGenerationDone,
} from "./playground-fixtures";

/** The spend ledger page shows totals equal to the costs recorded for the tasks. */

test("the ledger's totals equal the sum of the recorded costs", async ({ page, request }) => {
  test.setTimeout(120_000);
  const tag = runTag();
  const ft = await readyFinetune(request, { comment: `Ledger vase ${tag}`, trigger_word: `lvs${tag}` });
  const made = await Promise.all([
    createViaApi(request, {
      endpoint: "flux-pro-1.1-ultra-finetuned",
      finetune_id: ft.id,
      prompt: `lvs${tag}`,
    }),
    createViaApi(request, {
      endpoint: "flux-pro-finetuned",
      finetune_id: ft.id,
      prompt: `lvs${tag} on a shelf`,
      width: 512,
      height: 512,
    }),
  ]);
  for (const g of made) expect((await waitGenerationDone(request, g.id)).status).toBe("Ready");

  const api: LedgerResponse = ledgerResponseSchema.parse(await (await request.get("/api/ledger")).json());
  const gens = generationListSchema.parse(await (await request.get("/api/generations?limit=200")).json());
  const cents = (n: number) => Math.round(n * 100);
  const imageCents = gens.generations.reduce((s, g) => s + cents(g.cost ?? 0), 0);
  const entryCents = api.entries.reduce((s, e) => s + cents(e.credits), 0);
  expect(api.entries.filter((e) => e.kind === "image").reduce((s, e) => s + cents(e.credits), 0)).toBe(
    imageCents,
  );
  expect(cents(api.total.credits)).toBe(entryCents);

  await page.goto("/ledger");
  await expect(page.getByTestId("ledger-total")).toHaveText(`${formatCredits(api.total.credits)} credits`);
  await expect(page.getByTestId("ledger-balance")).toHaveText(/^\d{1,3}(,\d{3})*(\.\d+)? credits$/);
  const row = page
    .getByTestId("ledger-by-finetune")
    .getByTestId("ledger-row")
    .filter({ hasText: `Ledger vase ${tag}` });
  // The beta simulator reports no cost: Ultra 7 + Pro 6 from the price table, plus the training estimate.
  const own = api.by_finetune.find((b) => b.key === ft.id);
  const training = api.entries.find((e) => e.kind === "training" && e.finetune_id === ft.id);
  expect(own).toMatchObject({ bfl_credits: 0, estimated_credits: own?.credits });
  expect(cents(own?.credits ?? 0) - cents(training?.credits ?? 0)).toBe(1300);
  await expect(row.getByTestId("ledger-credits")).toContainText(formatCredits(own?.credits ?? Number.NaN));
  await expect(page.getByTestId("ledger-chart").locator("rect")).not.toHaveCount(0);
  await expectNoRawError(page);
  await expectNoAxeViolations(page);
});
