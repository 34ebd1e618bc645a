import { writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "../helpers/servers";
import { expect, expectNoAxeViolations, fileServers, type Server, test } from "./fixtures";

/** A damaged database: every page says so, with what to do, instead of failing request by request. */

let dash: Server;

const own = fileServers();

test.beforeAll(async () => {
  const dataDir = tempDir("e2e-corrupt");
  writeFileSync(path.join(dataDir, "studio.db"), Buffer.alloc(8192, 0x5a));
  dash = await own.dashboard({ bflUrl: "http://127.0.0.1:9", dataDir, readyPath: "/finetunes" });
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
  await expectNoAxeViolations(page);
});
