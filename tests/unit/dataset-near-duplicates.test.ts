import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { compareGrids, gridFromImage, looksNearlyTheSame } from "@/lib/dataset/hash";
import { labelledWallpapers } from "../fixtures/wallpapers";

/**
 * The near-duplicate check on a labelled set of real images: 46 wallpapers and photos from Debian's
 * gnome-backgrounds and mate-backgrounds (the three elephant files are one picture at three sizes). Each
 * picture gets four copies a person might drop by accident: half size as JPEG, re-encoded at quality 40,
 * cropped 2 % on every side, brightened 10 %. Every copy must be found; no two different pictures may be
 * flagged. The three Ubuntu-MATE colourways (one artwork recoloured) are neither: they are left unscored.
 * Images are hashed as the worker does: shrunk to at most 1 MP, then a grid from a 384 px thumbnail.
 */

async function gridOf(buf: Buffer): Promise<string> {
  const { data, info } = await sharp(buf)
    .resize(384, 384, { fit: "inside" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return gridFromImage(new Uint8Array(data), info.width, info.height);
}

async function variants(file: string): Promise<[string, Buffer][]> {
  const meta = await sharp(file).metadata();
  const scale = Math.min(1, Math.sqrt(1e6 / ((meta.width ?? 1) * (meta.height ?? 1))));
  const orig = await sharp(file)
    .rotate()
    .resize(Math.floor((meta.width ?? 1) * scale))
    .png({ compressionLevel: 1 })
    .toBuffer();
  const { width: w = 1, height: h = 1 } = await sharp(orig).metadata();
  const crop = { left: Math.round(w * 0.02), top: Math.round(h * 0.02) };
  return [
    ["original", orig],
    [
      "half size",
      await sharp(orig)
        .resize(Math.round(w / 2))
        .jpeg({ quality: 85 })
        .toBuffer(),
    ],
    ["quality 40", await sharp(orig).jpeg({ quality: 40 }).toBuffer()],
    [
      "cropped 2%",
      await sharp(orig)
        .extract({ ...crop, width: w - 2 * crop.left, height: h - 2 * crop.top })
        .toBuffer(),
    ],
    ["brightened 10%", await sharp(orig).modulate({ brightness: 1.1 }).toBuffer()],
  ];
}

describe("near-duplicate check on a labelled set of real wallpapers and photos", () => {
  it("finds every copy and flags no two different pictures", { timeout: 240_000 }, async () => {
    const set = labelledWallpapers();
    expect(set.length).toBeGreaterThanOrEqual(40);
    const hashed: { group: string; variant: string; grid: string }[] = [];
    for (const { file, group } of set)
      for (const [variant, buf] of await variants(file))
        hashed.push({ group, variant, grid: await gridOf(buf) });

    const unscored = (g: string) => g.startsWith("Ubuntu-Mate-");
    let truePairs = 0;
    let found = 0;
    let falsePairs = 0;
    const missed: string[] = [];
    const falseAlarms: string[] = [];
    for (let i = 0; i < hashed.length; i++) {
      for (let j = i + 1; j < hashed.length; j++) {
        const a = hashed[i]!;
        const b = hashed[j]!;
        const same = a.group === b.group;
        // Different pictures are compared original to original; copies of one picture all with each other.
        if (!same && (a.variant !== "original" || b.variant !== "original")) continue;
        if (!same && unscored(a.group) && unscored(b.group)) continue;
        const c = compareGrids(a.grid, b.grid);
        const name = `${a.group} (${a.variant}) ~ ${b.group} (${b.variant}) ${JSON.stringify(c)}`;
        if (same) {
          truePairs++;
          if (looksNearlyTheSame(c)) found++;
          else missed.push(name);
        } else {
          falsePairs++;
          if (looksNearlyTheSame(c)) falseAlarms.push(name);
        }
      }
    }
    console.log(
      `near-duplicates: ${found} of ${truePairs} true pairs found, ${falseAlarms.length} false alarms in ${falsePairs} pairs of different pictures`,
    );
    expect(missed).toEqual([]);
    expect(falseAlarms).toEqual([]);
    // The two wallpapers the old dHash called nearly the same.
    const grid = (g: string) => hashed.find((h) => h.group === g && h.variant === "original")!.grid;
    expect(looksNearlyTheSame(compareGrids(grid("truchet-l.webp"), grid("wood-l.webp")))).toBe(false);
  });
});
