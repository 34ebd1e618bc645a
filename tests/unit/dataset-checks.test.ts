import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { checkDataset } from "@/lib/dataset/checks";
import { defaultForm, formToParams, updateForm, validateForm } from "@/lib/dataset/form";
import { compareGrids, findDuplicates, gridFromImage } from "@/lib/dataset/hash";
import { addCaptions, addImages, markProcessed, replaceItem, setCaptions } from "@/lib/dataset/pairing";
import { sniffProblem } from "@/lib/dataset/sniff";
import { EMPTY_DATASET, type ProcessedImage } from "@/lib/dataset/types";
import { planZipImport } from "@/lib/dataset/zip-import";
import { makeJpeg, makePng, truncate } from "../fixtures/images";
import { makeCorruptZip, makeDatasetZip, makeZip, makeZipWithDirectory } from "../fixtures/zips";

const p = (over: Partial<ProcessedImage> = {}): ProcessedImage => ({
  origWidth: 1024,
  origHeight: 1024,
  width: 1024,
  height: 1024,
  format: "jpeg",
  bytes: 1,
  reencoded: false,
  sha256: "x",
  ...over,
});

function dataset(n: number) {
  const incoming = Array.from({ length: n }, (_, i) => ({
    id: `i${i}`,
    name: `p${i}.jpg`,
    stem: `p${i}`,
    origBytes: 1,
  }));
  let s = addImages(EMPTY_DATASET, incoming).state;
  incoming.forEach((img, i) => {
    s = markProcessed(s, img.id, p({ sha256: `s${i}` }));
  });
  return s;
}

describe("dataset checks", () => {
  const input = { captioning: true, triggerWord: "TOK", mode: "general" as const };

  it("blocks 0 and 21 images, warns under 5, passes 5 to 20", () => {
    expect(checkDataset(EMPTY_DATASET, input).blocked).toBe(true);
    const many = checkDataset(dataset(21), input);
    expect(many.blocked).toBe(true);
    expect(many.notices[0]?.message).toContain("at most 20");
    const few = checkDataset(dataset(3), input);
    expect(few.blocked).toBe(false);
    expect(few.notices.map((n) => n.code)).toContain("few_images");
    expect(checkDataset(dataset(5), input).notices.filter((n) => n.severity !== "hint")).toEqual([]);
  });

  it("warns per card: no caption with captioning off, empty caption, missing trigger, tiny image", () => {
    let s = dataset(4);
    s = setCaptions(s, [
      { id: "i1", caption: "" },
      { id: "i2", caption: "a photo of a man" },
    ]);
    s = markProcessed(s, "i3", p({ origWidth: 300, origHeight: 200, width: 300, height: 200, sha256: "t" }));
    const r = checkDataset(s, { ...input, captioning: false });
    expect(r.perItem.get("i0")?.map((w) => w.code)).toEqual(["no_caption"]);
    expect(r.perItem.get("i1")?.[0]).toMatchObject({ code: "empty_caption", fix: "remove-caption" });
    expect(r.perItem.get("i2")?.[0]).toMatchObject({ code: "missing_trigger", fix: "add-trigger" });
    expect(r.perItem.get("i3")?.map((w) => w.code)).toContain("tiny_image");
  });

  it("lists captions without image and duplicate pairs by name", () => {
    let s = dataset(5);
    s = addCaptions(s, [{ name: "ghost.txt", stem: "ghost", text: "boo" }]);
    s = markProcessed(s, "i1", p({ sha256: "s0" }));
    const r = checkDataset(s, input);
    expect(r.notices.find((n) => n.code === "caption_without_image")?.message).toContain("ghost.txt");
    expect(r.notices.find((n) => n.code === "duplicate")?.message).toBe(
      "p0.jpg and p1.jpg are the same file.",
    );
  });

  it("hints in character mode when captions repeat a long description", () => {
    let s = dataset(5);
    const d = "a tall woman with long red hair and green eyes";
    s = setCaptions(
      s,
      ["i0", "i1", "i2"].map((id) => ({ id, caption: `TOK, ${d}` })),
    );
    expect(checkDataset(s, { ...input, mode: "character" }).notices.map((n) => n.code)).toContain(
      "repeated_description",
    );
    expect(checkDataset(s, input).notices.map((n) => n.code)).not.toContain("repeated_description");
  });
});

describe("new-user checks", () => {
  const input = { captioning: false, triggerWord: "TOK", mode: "general" as const };

  it("an empty dataset is blocked without an error notice", () => {
    const r = checkDataset(EMPTY_DATASET, input);
    expect(r.blocked).toBe(true);
    expect(r.notices).toEqual([]);
  });

  it("a warning on 3 or more cards becomes one dataset notice naming them; fewer stay on the cards", () => {
    let s = dataset(7);
    s = setCaptions(s, [
      { id: "i0", caption: "TOK, a dog" },
      { id: "i1", caption: "a cat" },
    ]);
    const r = checkDataset(s, input);
    const many = r.notices.find((n) => n.code === "many_no_caption");
    expect(many?.message).toMatch(/^5 images have no caption .*\(p2\.jpg, p3\.jpg, p4\.jpg and 2 more\)$/);
    expect(r.perItem.get("i2")).toEqual([]);
    expect(r.perItem.get("i1")?.map((w) => w.code)).toEqual(["missing_trigger"]);
    expect(r.notices.map((n) => n.code)).not.toContain("many_missing_trigger");
  });

  it("a summarised warning with a fix keeps a short label and its button on each card", () => {
    const s = setCaptions(
      dataset(5),
      ["i0", "i1", "i2"].map((id) => ({ id, caption: "a cat" })),
    );
    const r = checkDataset(s, { ...input, captioning: true });
    expect(r.notices.find((n) => n.code === "many_missing_trigger")?.message).toContain("3 captions");
    expect(r.perItem.get("i0")).toEqual([
      { code: "missing_trigger", message: 'No "TOK" in the caption.', fix: "add-trigger" },
    ]);
  });

  it("three copies of one file make one notice and one warning per card", () => {
    let s = dataset(5);
    for (const id of ["i0", "i1", "i2"]) s = markProcessed(s, id, p({ sha256: "same" }));
    const r = checkDataset(s, { ...input, captioning: true });
    expect(r.notices.filter((n) => n.code === "duplicate").map((n) => n.message)).toEqual([
      "p0.jpg, p1.jpg and p2.jpg are the same file.",
    ]);
    expect(r.perItem.get("i1")?.map((w) => w.message)).toEqual(["Same file as p0.jpg and p2.jpg."]);
  });

  it("warns on images more elongated than 21:9", () => {
    let s = dataset(5);
    s = markProcessed(s, "i0", p({ origWidth: 4000, origHeight: 1000, sha256: "pano" }));
    s = markProcessed(s, "i1", p({ origWidth: 2100, origHeight: 1000, sha256: "wide" }));
    const r = checkDataset(s, { ...input, captioning: true });
    expect(r.perItem.get("i0")?.[0]?.message).toMatch(/^4\.0:1 \(4000×1000\) is more elongated than 21:9/);
    expect(r.perItem.get("i1")).toEqual([]);
  });

  it("Replace takes the new file's name unless another image has it", () => {
    const s = dataset(2);
    const renamed = replaceItem(s, "i0", { name: "Beach.jpg", size: 5 });
    expect(renamed.items[0]).toMatchObject({
      name: "Beach.jpg",
      stem: "beach",
      origBytes: 5,
      status: "processing",
    });
    const clash = replaceItem(s, "i0", { name: "P1.png", size: 5 });
    expect(clash.items[0]?.name).toBe("p0.jpg");
  });
});

describe("perceptual hash", () => {
  async function hashOf(bytes: Buffer) {
    const { data, info } = await sharp(bytes)
      .resize(384, 384, { fit: "inside" })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return gridFromImage(new Uint8Array(data), info.width, info.height);
  }
  it("finds a re-encoded, resized copy as near-duplicate and a different image as not", async () => {
    const a = await makeJpeg(640, 480, 7);
    const aSmall = await sharp(a).resize(320, 240).jpeg({ quality: 60 }).toBuffer();
    const b = await makeJpeg(640, 480, 99);
    const [ha, hs, hb] = await Promise.all([hashOf(a), hashOf(aSmall), hashOf(b)]);
    expect(compareGrids(ha, hs).structure).toBeGreaterThan(0.95);
    expect(compareGrids(ha, hb).structure).toBeLessThan(0.5);
    const pairs = findDuplicates([
      { id: "a", grid: ha, sha256: "1" },
      { id: "s", grid: hs, sha256: "2" },
      { id: "b", grid: hb, sha256: "3" },
    ]);
    expect(pairs.map((x) => [x.a, x.b, x.kind])).toEqual([["a", "s", "near-duplicate"]]);
  });
});

describe("file sniffing", () => {
  it("names the problem: text as .jpg, truncated JPEG and PNG, HEIC; accepts good files", async () => {
    const jpeg = await makeJpeg(200, 200);
    const png = await makePng(200, 200);
    expect(sniffProblem("jpg", new TextEncoder().encode("hello, I am text"))).toMatch(/contains text/);
    expect(sniffProblem("jpg", truncate(jpeg, jpeg.length / 2))).toMatch(/truncated/);
    expect(sniffProblem("png", truncate(png, png.length - 20))).toMatch(/truncated/);
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic"), Buffer.alloc(40)]);
    expect(sniffProblem("jpg", heic)).toMatch(/HEIC/);
    expect(sniffProblem("jpg", jpeg)).toBeNull();
    expect(sniffProblem("jpg", png)).toBeNull();
  });
});

describe("ZIP import plan (before anything is decompressed)", () => {
  it("refuses corrupt ZIPs, ../ entries, bombs and thousands of entries with the reason", async () => {
    const corrupt = planZipImport("bad.zip", makeCorruptZip());
    expect(corrupt).toMatchObject({ ok: false });
    if (!corrupt.ok) expect(corrupt.reason).toMatch(/bad\.zip is not a readable ZIP/);
    const traversal = planZipImport(
      "t.zip",
      await makeZip({ "../evil.jpg": await makeJpeg(50, 50), "ok.jpg": await makeJpeg(50, 50) }),
    );
    expect(traversal.ok ? "" : traversal.reason).toMatch(/points outside/);
    const bomb = planZipImport(
      "b.zip",
      makeZipWithDirectory([{ name: "big.png", size: 110_000_000, compressedSize: 100_000 }]),
    );
    expect(bomb.ok ? "" : bomb.reason).toMatch(/ZIP bomb/);
    const many = planZipImport(
      "m.zip",
      makeZipWithDirectory(
        Array.from({ length: 1500 }, (_, i) => ({ name: `f${i}.txt`, size: 1, compressedSize: 1 })),
      ),
    );
    expect(many.ok ? "" : many.reason).toMatch(/1500 entries/);
  });

  it("skips macOS metadata and folders, keeps nested images and captions", async () => {
    const zip = await makeZip({
      "set/": "",
      "set/a.jpg": await makeJpeg(40, 40),
      "set/a.txt": "TOK",
      "__MACOSX/set/._a.jpg": "junk",
      "set/.DS_Store": "junk",
      "set/notes.doc": "x",
    });
    const r = planZipImport("d.zip", zip);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.images.map((i) => i.name)).toEqual(["set/a.jpg"]);
    expect(r.captions.map((c) => c.name)).toEqual(["set/a.txt"]);
    expect(r.rejections.map((x) => x.name)).toEqual(["d.zip › set/notes.doc"]);
    const ds = planZipImport("ds.zip", await makeDatasetZip(6));
    expect(ds.ok && ds.images.length).toBe(6);
  });
});

describe("training form", () => {
  it("learning rate follows the type until edited, and ranges give messages", () => {
    let f = defaultForm();
    expect(f.learning_rate).toBe("0.00001");
    f = updateForm(f, { finetune_type: "lora" });
    expect(f.learning_rate).toBe("0.0001");
    f = updateForm(f, { learning_rate: "0.0002" });
    f = updateForm(f, { finetune_type: "full" });
    expect(f.learning_rate).toBe("0.0002");
    f = updateForm(f, { iterations: "99", learning_rate: "1", finetune_comment: "x", mode: "style" });
    const e = validateForm(f);
    expect(e.iterations).toMatch(/100 to 1000/);
    expect(e.learning_rate).toMatch(/0\.005/);
    expect(formToParams(f)).toBeNull();
    expect(formToParams(updateForm(f, { iterations: "150", learning_rate: "0.00002" }))).toMatchObject({
      iterations: 150,
      learning_rate: 0.00002,
      mode: "style",
    });
  });
});
