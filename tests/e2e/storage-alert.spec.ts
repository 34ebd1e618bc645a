import { writeFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { type RunningServer, removeDir, startDashboard, tempDir } from "../helpers/servers";

/** A damaged database: every page says so, with what to do, instead of failing request by request. */

let dash: RunningServer & { dataDir: string };

test.beforeAll(async () => {
  const dataDir = tempDir("e2e-corrupt");
  writeFileSync(path.join(dataDir, "studio.db"), Buffer.alloc(8192, 0x5a));
  dash = await startDashboard({ bflUrl: "http://127.0.0.1:9", dataDir, readyPath: "/finetunes" });
});
test.afterAll(async () => {
  await dash?.stop();
  if (dash) removeDir(dash.dataDir);
});

test("every page shows an alert naming the damaged studio.db and how to recover", async ({ page }) => {
  for (const p of ["/", "/finetunes", "/new", "/playground", "/gallery"]) {
    await page.goto(`${dash.url}${p}`);
    const alert = page.getByTestId("storage-alert");
    await expect(alert, p).toBeVisible();
    await expect(alert).toHaveAttribute("role", "alert");
    await expect(alert).toContainText("The dashboard cannot use its data.");
    await expect(alert).toContainText("studio.db in DATA_DIR) is damaged");
    await expect(alert).toContainText("restore it from a backup");
  }
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});
