import { HOSTILE_CASES } from "../fixtures/hostile/corpus";
import { expect, test } from "./fixtures";

/**
 * The hostile corpus through the page: each bad ZIP dropped on /new gets its own message naming the
 * problem (the API half is tests/api/security-hostile.test.ts; loose bad files are covered by
 * dataset-inputs.spec.ts). Each case runs in a fresh browser context, so no draft carries over.
 */

/** Cases that are about the archive (the page unpacks ZIPs in a worker and judges them itself). */
const THROUGH_PAGE: Record<string, RegExp> = {
  "random-bytes": /random-bytes\.zip is not a readable ZIP file/,
  "truncated-zip": /truncated-zip\.zip is not a readable ZIP file/,
  "zip-bomb": /ZIP bomb/,
  // The page reads these with its own ZIP reader: the wording differs from the API's, the refusal does not.
  "directory-lies-huge-entry": /directory-lies-huge-entry\.zip is not a readable ZIP file/,
  "zip64-huge": /zip64-huge\.zip was refused: The ZIP unpacks to \d+ MB/,
  "5000-entries": /5000 entries/,
  "traversal-dotdot": /points outside the ZIP's folder/,
  "traversal-backslash": /points outside the ZIP's folder/,
  "absolute-path": /points outside the ZIP's folder/,
  "nested-duplicates": /same name/,
  "unsupported-svg": /\.svg files are not supported/,
  "heic-extension": /HEIC photos are not supported/,
  "caption-not-utf8": /not UTF-8/,
  "caption-1mb": /caption is at most/,
  "encrypted-entry": /[Ee]ncrypt|cannot be unpacked|damaged/,
  "21-images": /at most 20/,
};

for (const c of HOSTILE_CASES.filter((x) => x.id in THROUGH_PAGE)) {
  test(`through the page: ${c.id} (${c.what})`, async ({ page }) => {
    const req = await c.build();
    if (req.kind !== "zip") throw new Error("page cases are ZIPs");
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("/new");
    await expect(page.getByTestId("dataset-studio")).toHaveAttribute("data-loaded", "true");
    await page
      .getByTestId("dataset-input")
      .setInputFiles([{ name: `${c.id}.zip`, mimeType: "application/zip", buffer: Buffer.from(req.zip) }]);
    await expect(page.getByTestId("checks")).toContainText(THROUGH_PAGE[c.id] ?? /$^/, { timeout: 30_000 });
    // The page stays usable and never offers to submit a refused archive as it is.
    await expect(page.getByTestId("dropzone")).toBeVisible();
    expect(errors).toEqual([]);
  });
}
