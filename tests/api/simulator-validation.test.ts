import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFakeHeic, makeJpeg, toBase64, truncate, withJpegSize } from "../fixtures/images";
import { issues, SimClient } from "../fixtures/simulator-client";
import { makeCorruptZip, makeDatasetEntries, makeZip, makeZipWithDirectory } from "../fixtures/zips";
import { type RunningServer, removeDir, startSimulator } from "../helpers/servers";

/** FastAPI-style 422s for every class of bad input, with `loc` naming the field. */

let sim: RunningServer & { dataDir: string };
let api: SimClient;
let ready = "";

beforeAll(async () => {
  sim = await startSimulator({ env: { SIMULATOR_TRAINING_SECONDS: "600" } });
  api = new SimClient(sim.url);
  ready = await api.readyFinetune();
});
afterAll(async () => {
  await sim?.stop();
  removeDir(sim.dataDir);
});

const one = async (path: string, body: unknown) => {
  const res = await api.post(path, body);
  expect(res.status, res.text).toBe(422);
  return issues(res);
};

describe("request bodies", () => {
  it("bad JSON → json_invalid with the position", async () => {
    const d = await one("/v1/flux-pro-finetuned", '{"finetune_id": ');
    expect(d[0]).toMatchObject({ type: "json_invalid", msg: "JSON decode error" });
    expect(d[0]!.loc[0]).toBe("body");
    expect(typeof d[0]!.loc[1]).toBe("number");
  });

  it("empty body → body Field required", async () => {
    const res = await fetch(`${sim.url}/v1/flux-pro-finetuned`, {
      method: "POST",
      headers: { "x-key": api.key },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ detail: [{ loc: ["body"], msg: "Field required", type: "missing" }] });
  });

  it("a JSON array → model_attributes_type", async () => {
    expect((await one("/v1/flux-pro-finetuned", [1, 2]))[0]).toMatchObject({
      loc: ["body"],
      type: "model_attributes_type",
    });
  });

  it("missing required field", async () => {
    expect(await one("/v1/flux-pro-1.1-ultra-finetuned", {})).toEqual([
      { loc: ["body", "finetune_id"], msg: "Field required", type: "missing" },
    ]);
    const d = await one("/v1/flux-pro-1.0-canny-finetuned", { finetune_id: ready });
    expect(d.map((i) => i.loc[1]).sort()).toEqual(["control_image", "prompt"]);
    expect(d.every((i) => i.type === "missing")).toBe(true);
    const f = await one("/v1/finetune", { file_data: "UEs=" });
    expect(f.map((i) => i.loc[1]).sort()).toEqual(["finetune_comment", "mode"]);
  });

  it("range (too_small / too_big)", async () => {
    const [lo] = await one("/v1/flux-pro-finetuned", { finetune_id: ready, steps: 0 });
    expect(lo).toMatchObject({ loc: ["body", "steps"], type: "too_small" });
    const [hi] = await one("/v1/flux-pro-1.1-ultra-finetuned", {
      finetune_id: ready,
      finetune_strength: 2.5,
    });
    expect(hi).toMatchObject({ loc: ["body", "finetune_strength"], type: "too_big" });
    const [it] = await one("/v1/finetune", {
      file_data: "UEs=",
      finetune_comment: "c",
      mode: "style",
      iterations: 5000,
    });
    expect(it).toMatchObject({ loc: ["body", "iterations"], type: "too_big" });
    const [st] = await one("/v1/flux-pro-1.0-depth-finetuned", {
      finetune_id: ready,
      prompt: "p",
      control_image: "UEs=",
      safety_tolerance: 9,
    });
    expect(st).toMatchObject({ loc: ["body", "safety_tolerance"], type: "too_big" });
  });

  it("enum", async () => {
    const [m] = await one("/v1/finetune", { file_data: "UEs=", finetune_comment: "c", mode: "portrait" });
    expect(m).toMatchObject({ loc: ["body", "mode"], type: "invalid_value" });
    const [o] = await one("/v1/flux-pro-finetuned", { finetune_id: ready, output_format: "gif" });
    expect(o).toMatchObject({ loc: ["body", "output_format"], type: "invalid_value" });
    const [r] = await one("/v1/finetune", {
      file_data: "UEs=",
      finetune_comment: "c",
      mode: "style",
      lora_rank: 8,
    });
    expect(r!.loc).toEqual(["body", "lora_rank"]);
  });

  it("type", async () => {
    const [s] = await one("/v1/flux-pro-finetuned", { finetune_id: ready, seed: "abc" });
    expect(s).toMatchObject({ loc: ["body", "seed"], type: "invalid_type" });
    const [c] = await one("/v1/finetune", {
      file_data: "UEs=",
      finetune_comment: "c",
      mode: "style",
      captioning: "yes",
    });
    expect(c).toMatchObject({ loc: ["body", "captioning"], type: "invalid_type" });
  });

  it("width multipleOf 32", async () => {
    const [w] = await one("/v1/flux-pro-finetuned", { finetune_id: ready, width: 1000 });
    expect(w).toMatchObject({ loc: ["body", "width"], type: "not_multiple_of" });
  });

  it("aspect ratio out of range or malformed", async () => {
    const [a] = await one("/v1/flux-pro-1.1-ultra-finetuned", { finetune_id: ready, aspect_ratio: "32:9" });
    expect(a!.loc).toEqual(["body", "aspect_ratio"]);
    expect(a!.msg).toMatch(/21:9 and 9:21/);
    const [b] = await one("/v1/flux-pro-1.1-ultra-finetuned", { finetune_id: ready, aspect_ratio: "wide" });
    expect(b!.msg).toMatch(/16:9/);
  });

  it("base64 images that are not images → 422 on the field", async () => {
    const [c] = await one("/v1/flux-pro-1.0-depth-finetuned", {
      finetune_id: ready,
      prompt: "p",
      control_image: Buffer.from("hello world").toString("base64"),
    });
    expect(c).toMatchObject({ loc: ["body", "control_image"], type: "value_error" });
    expect(c!.msg).toMatch(/could not be decoded/);
    const [b] = await one("/v1/flux-pro-1.0-fill-finetuned", { finetune_id: ready, image: "%%%" });
    expect(b!.loc).toEqual(["body", "image"]);
  });

  it("validation comes before the finetune lookup (422, not 400)", async () => {
    await one("/v1/flux-pro-finetuned", { finetune_id: "unknown", width: 1 });
  });
});

describe("training ZIPs", () => {
  const submit = (zip: Uint8Array) =>
    one("/v1/finetune", { file_data: toBase64(zip), finetune_comment: "c", mode: "product" });

  it("a corrupt ZIP", async () => {
    const [d] = await submit(makeCorruptZip());
    expect(d).toMatchObject({ loc: ["body", "file_data"], type: "dataset_corrupt_zip" });
    expect(d!.msg).toMatch(/not a readable ZIP/);
  });

  it("no images / too many images", async () => {
    expect((await submit(await makeZip({ "a.txt": "x" })))[0]!.type).toBe("dataset_no_images");
    const many = await makeDatasetEntries(21, { width: 16, height: 16, captions: false });
    const d = await submit(await makeZip(many));
    expect(d[0]).toMatchObject({ type: "dataset_too_many_images" });
    expect(d[0]!.msg).toMatch(/21 images.*at most 20/);
  });

  it("unsupported and undecodable files are named", async () => {
    const jpeg = await makeJpeg(100, 100);
    const d = await submit(
      await makeZip({
        "a.jpg": jpeg,
        "b.gif": "GIF89a",
        "c.jpg": truncate(jpeg, 500),
        "d.jpeg": makeFakeHeic(),
      }),
    );
    const msgs = d.map((i) => i.msg).join("\n");
    expect(msgs).toMatch(/b\.gif/);
    expect(msgs).toMatch(/c\.jpg: the image file is truncated/);
    expect(msgs).toMatch(/d\.jpeg: .*HEIC/);
  });

  it("an image over 50 megapixels is refused from its header, named with its size", async () => {
    const d = await submit(
      await makeZip({
        "a.jpg": await makeJpeg(100, 100),
        "huge.jpg": withJpegSize(await makeJpeg(16, 16), 10_000, 10_000),
      }),
    );
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ loc: ["body", "file_data"], type: "dataset_undecodable_image" });
    expect(d[0]!.msg).toBe(
      "huge.jpg: it is 10000×10000 pixels (100 megapixels), over the limit of 50 megapixels; " +
        "resize it (BFL trains at about 1 megapixel anyway).",
    );
  });

  it("a ZIP bomb is refused from its directory", async () => {
    const d = await submit(makeZipWithDirectory([{ name: "x.jpg", size: 2e9, compressedSize: 2000 }]));
    expect(d.map((i) => i.type)).toContain("dataset_zip_bomb");
  });

  it("nothing was charged or created for refused requests", async () => {
    expect((await api.get("/v1/my_finetunes")).body.finetunes).toEqual([ready]);
    expect((await api.get("/v1/credits")).body.credits).toBe(1_000_000 - 400);
  });
});
