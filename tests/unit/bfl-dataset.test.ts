import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import {
  classifyName,
  countProblems,
  decodeCaption,
  isUnsafePath,
  planDataset,
  readZipDirectory,
  ZIP_LIMITS,
} from "@/lib/bfl";
import { inspectDatasetZip, MAX_IMAGE_PIXELS } from "@/lib/node/inspect-zip";
import { makeFakeHeic, makeGif, makeJpeg, makePng, truncate, withJpegSize } from "../fixtures/images";
import { makeCorruptZip, makeDatasetZip, makeZip, makeZipWithDirectory } from "../fixtures/zips";

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe("classifyName", () => {
  it.each([
    ["photos/a.JPG", "image", "a"],
    ["b.jpeg", "image", "b"],
    ["c.png", "image", "c"],
    ["d.webp", "image", "d"],
    ["d.txt", "caption", "d"],
    ["folder/", "ignored", "folder"],
    ["__MACOSX/._a.jpg", "ignored", "._a"],
    ["._a.jpg", "ignored", "._a"],
    [".DS_Store", "ignored", ".ds_store"],
    ["x.gif", "unsupported", "x"],
    ["x.heic", "unsupported", "x"],
    ["README", "unsupported", "readme"],
  ])("%s is %s", (name, kind, stem) => {
    const c = classifyName(name);
    expect(c.kind).toBe(kind);
    expect(c.stem).toBe(stem);
  });

  it("explains HEIC specifically", () => {
    expect(classifyName("IMG_1.HEIC").reason).toMatch(/HEIC.*JPEG/);
  });

  it("flags paths leaving the folder", () => {
    expect(isUnsafePath("../x.jpg")).toBe(true);
    expect(isUnsafePath("/etc/x.jpg")).toBe(true);
    expect(isUnsafePath("C:\\x.jpg")).toBe(true);
    expect(isUnsafePath("a/b/x.jpg")).toBe(false);
  });
});

describe("planDataset", () => {
  const e = (name: string, size = 1000, compressedSize = 900) => ({ name, size, compressedSize });

  it("pairs captions by stem and accepts 1 to 20 images", () => {
    const plan = planDataset([
      e("a.jpg"),
      e("a.txt", 10, 10),
      e("b.png"),
      e("c.webp"),
      e("d.jpeg"),
      e("e.jpg"),
      e("f.jpg"),
    ]);
    expect(plan.images).toHaveLength(6);
    expect(plan.captions.map((c) => c.stem)).toEqual(["a"]);
    expect(plan.problems).toEqual([]);
  });

  it("warns below 5 images, refuses 0 and 21", () => {
    expect(codes(planDataset([e("a.jpg")]).problems)).toEqual(["few_images"]);
    expect(planDataset([e("a.jpg")]).problems[0]!.severity).toBe("warning");
    expect(codes(planDataset([]).problems)).toEqual(["no_images"]);
    const many = Array.from({ length: 21 }, (_, i) => e(`${i}.jpg`));
    expect(codes(planDataset(many).problems)).toEqual(["too_many_images"]);
    expect(planDataset(many.slice(0, 20)).problems).toEqual([]);
  });

  it("refuses unsupported files, unsafe paths, duplicates, empty files", () => {
    const plan = planDataset([
      e("a.jpg"),
      e("dir/a.png"),
      e("x.gif"),
      e("../evil.jpg"),
      e("empty.jpg", 0, 0),
      e("orphan.txt", 5, 5),
    ]);
    expect(codes(plan.problems)).toEqual(
      expect.arrayContaining([
        "duplicate_name",
        "unsupported_file",
        "unsafe_path",
        "empty_file",
        "caption_without_image",
      ]),
    );
    expect(plan.problems.find((p) => p.code === "caption_without_image")!.severity).toBe("warning");
  });

  it("refuses bombs and oversized entries from sizes alone", () => {
    expect(codes(planDataset([e("a.jpg", 50e6, 1000)]).problems)).toContain("zip_bomb");
    expect(
      codes(planDataset([e("a.jpg", ZIP_LIMITS.maxEntryBytes + 1, ZIP_LIMITS.maxEntryBytes)]).problems),
    ).toContain("too_large");
    expect(codes(planDataset([e("a.txt", ZIP_LIMITS.maxCaptionBytes + 1, 100_000)]).problems)).toContain(
      "caption_too_large",
    );
    const entries = Array.from({ length: ZIP_LIMITS.maxEntries + 1 }, (_, i) => e(`${i}.txt`, 1, 1));
    expect(codes(planDataset(entries).problems)).toEqual(["too_many_entries"]);
  });

  it("countProblems follows the guide's numbers", () => {
    expect(countProblems(5)).toEqual([]);
    expect(codes(countProblems(4))).toEqual(["few_images"]);
  });
});

describe("decodeCaption", () => {
  it("decodes UTF-8, strips a BOM and whitespace, refuses other encodings", () => {
    expect(decodeCaption(new TextEncoder().encode("\uFEFF  a café TOK \n"))).toBe("a café TOK");
    expect(decodeCaption(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toBeNull(); // latin-1 "café"
  });
});

describe("readZipDirectory on real ZIPs", () => {
  it("lists names and sizes of a jszip archive without decompressing", async () => {
    const zip = await makeZip({ "a.jpg": await makeJpeg(32, 32), "sub/b.txt": "hello", "folder/": "" });
    const entries = readZipDirectory(zip);
    const byName = Object.fromEntries(entries.map((x) => [x.name, x]));
    expect(Object.keys(byName).sort()).toEqual(["a.jpg", "folder/", "sub/", "sub/b.txt"].sort());
    expect(byName["sub/b.txt"]!.size).toBe(5);
  });

  it("reads STORE and DEFLATE archives, and archives with a comment", async () => {
    const store = await makeZip({ "a.txt": "x".repeat(1000) }, { compression: "STORE" });
    expect(readZipDirectory(store)[0]).toMatchObject({ size: 1000, compressedSize: 1000 });
    const deflate = await makeZip({ "a.txt": "x".repeat(1000) });
    expect(readZipDirectory(deflate)[0]!.compressedSize).toBeLessThan(100);
    const z = new JSZip();
    z.file("c.txt", "c");
    const withComment = await z.generateAsync({ type: "uint8array", comment: "a comment at the end" });
    expect(readZipDirectory(withComment).map((x) => x.name)).toEqual(["c.txt"]);
  });

  it("throws on corrupt archives", () => {
    expect(() => readZipDirectory(makeCorruptZip())).toThrow(/not a ZIP/);
    expect(() => readZipDirectory(new Uint8Array(10))).toThrow();
    const lying = makeZipWithDirectory([{ name: "a.jpg", size: 1, compressedSize: 1 }]);
    const broken = lying.slice();
    broken[0] = 0; // damage the directory signature
    expect(() => readZipDirectory(broken)).toThrow(/corrupt/);
  });

  it("reads a handcrafted directory's claims (bomb detection needs no inflation)", () => {
    const entries = readZipDirectory(
      makeZipWithDirectory([{ name: "big.jpg", size: 4e9, compressedSize: 1000 }]),
    );
    expect(entries[0]).toMatchObject({ name: "big.jpg", size: 4e9, compressedSize: 1000 });
  });
});

describe("inspectDatasetZip", () => {
  it("accepts a valid dataset and reads sizes, formats and captions", async () => {
    const r = await inspectDatasetZip(await makeDatasetZip(6, { width: 120, height: 80 }));
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.images.map((i) => i.format)).toEqual(["jpeg", "png", "webp", "jpeg", "png", "webp"]);
    expect(r.images[0]).toMatchObject({ name: "img-01.jpg", stem: "img-01", width: 120, height: 80 });
    expect(r.images[0]!.caption).toBe("a photo of TOK, number 1");
    expect(r.images[1]!.caption).toBeNull();
    expect(r.images[0]!.bytes.length).toBeGreaterThan(100);
  });

  it("reports a corrupt ZIP", async () => {
    const r = await inspectDatasetZip(makeCorruptZip());
    expect(r.ok).toBe(false);
    expect(codes(r.problems)).toEqual(["corrupt_zip"]);
    expect(r.problems[0]!.message).toMatch(/not a readable ZIP/);
  });

  it("refuses a bomb from the directory before unpacking", async () => {
    const r = await inspectDatasetZip(
      makeZipWithDirectory([{ name: "big.jpg", size: 1e9, compressedSize: 100 }]),
    );
    expect(r.ok).toBe(false);
    expect(codes(r.problems)).toContain("zip_bomb");
  });

  it("names each undecodable image with its reason", async () => {
    const jpeg = await makeJpeg(200, 200, 4);
    const r = await inspectDatasetZip(
      await makeZip({
        "text.jpg": "this is not an image",
        "cut.jpg": truncate(jpeg, 700),
        "phone.jpg": makeFakeHeic(),
        "anim.png": await makeGif(20, 20),
        "ok.jpg": jpeg,
      }),
    );
    expect(r.ok).toBe(false);
    const byFile = Object.fromEntries(r.problems.filter((p) => p.file).map((p) => [p.file, p]));
    expect(byFile["text.jpg"]).toMatchObject({ code: "undecodable_image" });
    expect(byFile["text.jpg"]!.message).toMatch(/^text\.jpg: .*not a JPEG, PNG or WebP/);
    expect(byFile["cut.jpg"]!.message).toMatch(/truncated/);
    expect(byFile["phone.jpg"]!.message).toMatch(/HEIC/);
    expect(byFile["anim.png"]!.message).toMatch(/GIF/);
    expect(r.images.map((i) => i.name)).toEqual(["ok.jpg"]);
  });

  it("refuses captions that are not UTF-8", async () => {
    const r = await inspectDatasetZip(
      await makeZip({ "a.png": await makePng(64, 64), "a.txt": new Uint8Array([0x63, 0x61, 0x66, 0xe9]) }),
    );
    expect(r.problems.find((p) => p.code === "caption_not_utf8")).toMatchObject({
      severity: "error",
      file: "a.txt",
    });
  });

  it.each([
    [11_000, 10_000, "110"],
    [10_000, 10_000, "100"],
    [7_100, 7_100, "50.4"],
  ])("refuses a %i×%i image from its header, naming the file and its size", async (w, h, mp) => {
    expect(MAX_IMAGE_PIXELS).toBe(50_000_000);
    // Only the header says this size; decoding would fail as truncated instead, so the message proves
    // the image was judged before decoding.
    const r = await inspectDatasetZip(
      await makeZip({ "set/huge.jpg": withJpegSize(await makeJpeg(16, 16), w, h) }),
    );
    expect(r.ok).toBe(false);
    expect(r.problems.find((p) => p.file === "set/huge.jpg")?.message).toBe(
      `huge.jpg: it is ${w}×${h} pixels (${mp} megapixels), over the limit of 50 megapixels; ` +
        "resize it (BFL trains at about 1 megapixel anyway).",
    );
  });

  it("ignores macOS metadata and folders", async () => {
    const r = await inspectDatasetZip(
      await makeZip({ "set/": "", "set/a.jpg": await makeJpeg(64, 64), "__MACOSX/set/._a.jpg": "junk" }),
    );
    expect(r.ok).toBe(true);
    expect(r.images.map((i) => i.name)).toEqual(["set/a.jpg"]);
  });
});
