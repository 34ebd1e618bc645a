import { describe, expect, it } from "vitest";
import {
  contentTypeOf,
  extOf,
  fitWithin,
  formatOfExt,
  formatOfMime,
  IMAGE_MIME_TYPES,
  mimeOf,
  sniffFormat,
} from "@/lib/bfl/image-format";
import { sniffProblem } from "@/lib/dataset/sniff";

const ftyp = (brand: string) =>
  new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode(`ftyp${brand}`), 0, 0]);

describe("image formats", () => {
  it("maps formats, extensions and MIME types both ways", () => {
    expect(extOf("jpeg")).toBe("jpg");
    expect(extOf("gif")).toBe("gif");
    expect(mimeOf("webp")).toBe("image/webp");
    expect(formatOfExt("JPG")).toBe("jpeg");
    expect(formatOfExt("jpeg")).toBe("jpeg");
    expect(formatOfExt("heic")).toBeNull();
    expect(formatOfMime("image/png")).toBe("png");
    expect(formatOfMime("image/gif")).toBeNull();
    expect(contentTypeOf("jpg")).toBe("image/jpeg");
    expect(contentTypeOf("png")).toBe("image/png");
    expect(contentTypeOf("tiff")).toBe("application/octet-stream");
    expect(IMAGE_MIME_TYPES).toEqual(["image/jpeg", "image/png", "image/webp"]);
  });

  it("sniffs every HEIC and AVIF brand from one list (hevx and avis included)", () => {
    for (const b of ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]) {
      expect(sniffFormat(ftyp(b))).toBe("heic");
    }
    expect(sniffFormat(ftyp("avif"))).toBe("avif");
    expect(sniffFormat(ftyp("avis"))).toBe("avif");
    expect(sniffFormat(ftyp("isom"))).toBe("unknown");
    expect(sniffProblem("jpg", ftyp("hevx"))).toMatch(/HEIC photo/);
    expect(sniffProblem("jpg", ftyp("avis"))).toMatch(/AVIF photo/);
  });

  it("fits within a pixel budget and a longest side, never up, never over", () => {
    expect(fitWithin(800, 600, { maxPixels: 1 << 20 })).toEqual({ width: 800, height: 600, scaled: false });
    for (const [w, h] of [
      [5640, 3172],
      [4000, 3000],
      [1025, 1025],
      [7, 300_000],
    ] as const) {
      const r = fitWithin(w, h, { maxPixels: 1 << 20 });
      expect(r.scaled).toBe(true);
      expect(r.width * r.height).toBeLessThanOrEqual(1 << 20);
      expect(r.width).toBeGreaterThanOrEqual(1);
    }
    const side = fitWithin(5000, 200, { maxPixels: 1 << 20, maxSide: 1440 });
    expect(side).toEqual({ width: 1440, height: 57, scaled: true });
  });
});
