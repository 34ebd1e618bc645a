import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { parse } from "yaml";
import { makeJpeg, makePng } from "../fixtures/images";
import { SIM_KEY } from "../fixtures/simulator-client";
import { expect, expectNoAxeViolations, fileServers, type Server, test } from "./fixtures";

/**
 * Live mode: a second dashboard with a BFL key (so it believes it talks to live BFL) against the suite's
 * simulator. /new says BFL no longer trains and exports the dataset for local training instead.
 */

let dash: Server;

const own = fileServers();

test.beforeAll(async () => {
  dash = await own.dashboard({
    bflUrl: `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4110}`,
    env: { BFL_API_KEY: SIM_KEY },
  });
});

test("live BFL: /new says it no longer trains and exports an ai-toolkit dataset with a klein LoRA config", async ({
  page,
  studio,
}) => {
  await page.goto(`${dash.url}/new`);
  await expect(studio.root).toHaveAttribute("data-loaded", "true");
  await expect(page.getByTestId("live-api-notice")).toContainText(
    "BFL's live service no longer trains finetunes",
  );
  // BFL's training-only settings and the submit button are not offered.
  await expect(studio.submit).toHaveCount(0);
  await expect(studio.field("iterations")).toHaveCount(0);
  await expect(page.getByTestId("export-local")).toBeDisabled();

  await studio.addFiles([
    { name: "rex-1.jpg", mimeType: "image/jpeg", buffer: await makeJpeg(640, 480, 3) },
    { name: "rex-1.txt", mimeType: "text/plain", buffer: Buffer.from("a photo of TOK on the grass") },
    { name: "Rex 2.png", mimeType: "image/png", buffer: await makePng(512, 512, 5) },
  ]);
  await studio.waitProcessed(2);
  await expect(page.getByTestId("export-blocked")).toContainText("Give the finetune a name");
  await studio.fillForm("My Dog Rex");
  await expect(page.getByTestId("lora-name")).toHaveText("my-dog-rex");
  await studio.field("klein_base").selectOption("klein-base-9b");
  await studio.field("local_steps").fill("2000");
  await expect(page.getByTestId("export-steps")).toContainText("flux-2-klein-base-9b-finetuned");

  await page.getByTestId("export-local").click();
  const link = page.getByTestId("export-download");
  await expect(link).toHaveText("Download my-dog-rex-ai-toolkit.zip", { timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("my-dog-rex-ai-toolkit.zip");
  const zip = await JSZip.loadAsync(readFileSync(await download.path()));
  const names = Object.values(zip.files)
    .filter((f) => !f.dir)
    .map((f) => f.name)
    .sort();
  expect(names).toEqual([
    "config/my-dog-rex.yaml",
    "datasets/my-dog-rex/Rex 2.png",
    "datasets/my-dog-rex/Rex 2.txt",
    "datasets/my-dog-rex/rex-1.jpg",
    "datasets/my-dog-rex/rex-1.txt",
    "my-dog-rex-how-to-train.txt",
  ]);
  const text = (n: string) => zip.file(n)?.async("string");
  expect(await text("datasets/my-dog-rex/rex-1.txt")).toBe("a photo of TOK on the grass");
  expect(await text("datasets/my-dog-rex/Rex 2.txt")).toBe("TOK");
  const png = await zip.file("datasets/my-dog-rex/Rex 2.png")?.async("uint8array");
  expect([...(png ?? []).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG": the image itself
  const job = parse((await text("config/my-dog-rex.yaml")) ?? "").config.process[0];
  expect(job.model.arch).toBe("flux2_klein_9b");
  expect(job.train.steps).toBe(2000);
  expect(job.trigger_word).toBe("TOK");
  expect(job.datasets[0].folder_path).toBe("datasets/my-dog-rex");

  await expectNoAxeViolations(page);
});
