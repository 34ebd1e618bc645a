import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageDifference, makeJpeg, makeMask, makePng, toBase64 } from "../fixtures/images";
import { SimClient } from "../fixtures/simulator-client";
import { type RunningServer, removeDir, startSimulator } from "../helpers/servers";

/** The simulated images: real, sized as asked, deterministic, and shaped by every input. */

let sim: RunningServer & { dataDir: string };
let api: SimClient;
let ftA = "";
let ftB = "";

beforeAll(async () => {
  sim = await startSimulator({ env: { SIMULATOR_INFERENCE_SECONDS: "0" } });
  api = new SimClient(sim.url);
  ftA = await api.readyFinetune();
  // a second finetune trained on other images (seeded differently)
  const id = await api.createFinetune({}, 6, { seed: 100 });
  await api.complete(id);
  ftB = id;
});
afterAll(async () => {
  await sim?.stop();
  removeDir(sim.dataDir);
});

const pro = (body: Record<string, unknown>) =>
  api.generate("flux-pro-finetuned", {
    finetune_id: ftA,
    prompt: "a TOK on a beach",
    seed: 42,
    width: 512,
    height: 384,
    ...body,
  });

describe("determinism and influence", () => {
  it("same seed and inputs → identical bytes", async () => {
    const a = await pro({});
    const b = await pro({});
    expect(a.id).not.toBe(b.id);
    expect(a.image.equals(b.image)).toBe(true);
  });

  it("finetune_strength: 0 vs 2 differ strongly, nearby values still differ", async () => {
    const s0 = await pro({ finetune_strength: 0 });
    const s1 = await pro({ finetune_strength: 1 });
    const s2 = await pro({ finetune_strength: 2 });
    const s105 = await pro({ finetune_strength: 1.05 });
    expect(await imageDifference(s0.image, s2.image)).toBeGreaterThan(25);
    expect(await imageDifference(s1.image, s2.image)).toBeGreaterThan(8);
    expect(s1.image.equals(s105.image)).toBe(false);
  });

  it("strength 0 shows none of the training images: two finetunes give the same picture", async () => {
    const a = await pro({ finetune_strength: 0 });
    const b = await pro({ finetune_strength: 0, finetune_id: ftB });
    expect(a.image.equals(b.image)).toBe(true);
    const a2 = await pro({ finetune_strength: 2 });
    const b2 = await pro({ finetune_strength: 2, finetune_id: ftB });
    expect(await imageDifference(a2.image, b2.image)).toBeGreaterThan(5);
  });

  it("prompt and seed change the picture", async () => {
    const base = await pro({ finetune_strength: 0.5 });
    const otherSeed = await pro({ finetune_strength: 0.5, seed: 43 });
    const otherPrompt = await pro({ finetune_strength: 0.5, prompt: "a TOK in the snow" });
    expect(await imageDifference(base.image, otherSeed.image)).toBeGreaterThan(3);
    expect(await imageDifference(base.image, otherPrompt.image)).toBeGreaterThan(3);
  });

  it("output_format png gives a PNG; ultra sizes follow the aspect ratio (~1 MP)", async () => {
    const png = await pro({ output_format: "png" });
    expect((await sharp(png.image).metadata()).format).toBe("png");
    for (const [ratio, w, h] of [
      ["16:9", 1376, 768],
      ["9:21", 672, 1568],
      ["1:1", 1024, 1024],
    ] as const) {
      const u = await api.generate("flux-pro-1.1-ultra-finetuned", {
        finetune_id: ftA,
        aspect_ratio: ratio,
        seed: 1,
      });
      const m = await sharp(u.image).metadata();
      expect([m.width, m.height, m.format], ratio).toEqual([w, h, "jpeg"]);
    }
  });
});

describe("control images and masks", () => {
  it("depth and canny follow the control image and take its size", async () => {
    const c1 = toBase64(await makeJpeg(400, 300, 1));
    const c2 = toBase64(await makeJpeg(400, 300, 2));
    for (const endpoint of ["flux-pro-1.0-depth-finetuned", "flux-pro-1.0-canny-finetuned"]) {
      const body = { finetune_id: ftA, prompt: "p", seed: 3, finetune_strength: 0.8 };
      const a = await api.generate(endpoint, { ...body, control_image: c1 });
      const b = await api.generate(endpoint, { ...body, control_image: c2 });
      const m = await sharp(a.image).metadata();
      expect([m.width, m.height]).toEqual([400, 300]);
      expect(await imageDifference(a.image, b.image), endpoint).toBeGreaterThan(3);
    }
  });

  it("canny thresholds change how many edges are drawn", async () => {
    const control = toBase64(await makeJpeg(300, 200, 5));
    const body = { finetune_id: ftA, prompt: "p", seed: 3, control_image: control };
    const few = await api.generate("flux-pro-1.0-canny-finetuned", {
      ...body,
      canny_low_threshold: 400,
      canny_high_threshold: 500,
    });
    const many = await api.generate("flux-pro-1.0-canny-finetuned", {
      ...body,
      canny_low_threshold: 10,
      canny_high_threshold: 20,
    });
    expect(few.image.equals(many.image)).toBe(false);
  });

  it("fill repaints only inside the mask's white area", async () => {
    const source = await makePng(256, 192, 11);
    const rect = { left: 64, top: 48, width: 96, height: 64 };
    const out = await api.generate("flux-pro-1.0-fill-finetuned", {
      finetune_id: ftA,
      image: toBase64(source),
      mask: toBase64(await makeMask(256, 192, rect)),
      prompt: "a TOK",
      seed: 2,
      output_format: "png",
    });
    const raw = async (b: Uint8Array) => sharp(b).removeAlpha().raw().toBuffer();
    const [src, res] = await Promise.all([raw(source), raw(out.image)]);
    const diffAt = (x: number, y: number) => {
      const o = (y * 256 + x) * 3;
      return (
        Math.abs(src[o]! - res[o]!) +
        Math.abs(src[o + 1]! - res[o + 1]!) +
        Math.abs(src[o + 2]! - res[o + 2]!)
      );
    };
    let outside = 0;
    let inside = 0;
    for (let y = 0; y < 192; y += 4) {
      for (let x = 0; x < 256; x += 4) {
        const isInside =
          x >= rect.left + 4 &&
          x < rect.left + rect.width - 4 &&
          y >= rect.top + 4 &&
          y < rect.top + rect.height - 4;
        const isOutside =
          x < rect.left - 4 ||
          x >= rect.left + rect.width + 4 ||
          y < rect.top - 4 ||
          y >= rect.top + rect.height + 4;
        if (isInside) inside = Math.max(inside, diffAt(x, y));
        if (isOutside) outside = Math.max(outside, diffAt(x, y));
      }
    }
    expect(outside).toBeLessThanOrEqual(3);
    expect(inside).toBeGreaterThan(30);
  });

  it("renders fast (a 1 MP ultra from submit to downloaded image well under 3 s)", async () => {
    const t0 = Date.now();
    await api.generate("flux-pro-1.1-ultra-finetuned", { finetune_id: ftA, seed: 77 });
    expect(Date.now() - t0).toBeLessThan(3_000);
  });
});
