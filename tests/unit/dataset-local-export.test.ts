import { spawnSync } from "node:child_process";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { localTrainingSteps, loraNameFrom, planLocalExport } from "@/lib/dataset/local-export";
import { aiToolkitConfig, type LocalTrainingOptions } from "@/lib/dataset/local-export-config";
import type { DatasetItem } from "@/lib/dataset/types";

const item = (
  id: string,
  name: string,
  caption: string | null,
  format: "jpeg" | "png" = "jpeg",
): DatasetItem => ({
  id,
  name,
  stem: name.replace(/\.[^.]+$/, "").toLowerCase(),
  origBytes: 100,
  status: "ready",
  caption,
  processed: {
    origWidth: 800,
    origHeight: 600,
    width: 800,
    height: 600,
    format,
    bytes: 100,
    reencoded: false,
    sha256: id,
  },
});

const OPTS: LocalTrainingOptions = {
  name: "my-dog",
  triggerWord: "TOK",
  mode: "character",
  base: "klein-base-4b",
  steps: 1500,
  rank: 16,
};

const ITEMS = [
  item("1", "Rex 1.jpg", "a photo of TOK on grass"),
  item("2", "rex2.png", null, "png"),
  item("3", "processing.jpg", "TOK"),
];
ITEMS[2] = { ...ITEMS[2], status: "processing" } as DatasetItem;

describe("loraNameFrom", () => {
  it("turns a typed name into a BFL finetune name", () => {
    expect(loraNameFrom("My Dog Rex")).toBe("my-dog-rex");
    expect(loraNameFrom("Café  ✨ style_v2!")).toBe("cafe-style_v2");
    expect(loraNameFrom("  --  ")).toBe("my-lora");
    expect(loraNameFrom("a".repeat(100))).toHaveLength(64);
    expect(loraNameFrom("../../etc/passwd")).toBe("etc-passwd");
  });
});

describe("planLocalExport", () => {
  it("lays out images with same-name captions, the config and the how-to, for ai-toolkit and kohya", () => {
    const plan = planLocalExport(ITEMS, OPTS);
    expect(plan.map((e) => e.name)).toEqual([
      "datasets/my-dog/Rex 1.jpg",
      "datasets/my-dog/Rex 1.txt",
      "datasets/my-dog/rex2.png",
      "datasets/my-dog/rex2.txt",
      "config/my-dog.yaml",
      "my-dog-how-to-train.txt",
    ]);
    const text = (name: string) => {
      const e = plan.find((p) => p.name === name);
      return e?.source.kind === "caption" ? e.source.text : undefined;
    };
    // The trigger word stays in the person's caption; an uncaptioned image gets the trigger word alone.
    expect(text("datasets/my-dog/Rex 1.txt")).toBe("a photo of TOK on grass");
    expect(text("datasets/my-dog/rex2.txt")).toBe("TOK");
    expect(plan.find((p) => p.name.endsWith("rex2.png"))?.source).toEqual({ kind: "image", id: "2" });
    expect(text("my-dog-how-to-train.txt")).toContain("python run.py config/my-dog.yaml");
  });

  it("zips to the same layout (JSZip, as the browser worker does)", async () => {
    const zip = new JSZip();
    for (const e of planLocalExport(ITEMS, OPTS))
      zip.file(e.name, e.source.kind === "caption" ? e.source.text : new Uint8Array([0xff, 0xd8]), {
        compression: e.compression,
      });
    const back = await JSZip.loadAsync(await zip.generateAsync({ type: "uint8array" }));
    const files = Object.values(back.files).filter((f) => !f.dir);
    expect(files.map((f) => f.name).sort()).toEqual(
      [
        "config/my-dog.yaml",
        "datasets/my-dog/Rex 1.jpg",
        "datasets/my-dog/Rex 1.txt",
        "datasets/my-dog/rex2.png",
        "datasets/my-dog/rex2.txt",
        "my-dog-how-to-train.txt",
      ].sort(),
    );
    expect(parse(await back.file("config/my-dog.yaml")!.async("string")).config.name).toBe("my-dog");
  });
});

describe("aiToolkitConfig", () => {
  it("is an ai-toolkit FLUX.2 [klein] LoRA job on this dataset", () => {
    const cfg = parse(aiToolkitConfig(OPTS));
    expect(cfg.job).toBe("extension");
    const p = cfg.config.process[0];
    expect(p.type).toBe("diffusion_trainer");
    expect(p.trigger_word).toBe("TOK");
    expect(p.network).toEqual({ type: "lora", linear: 16, linear_alpha: 16 });
    expect(p.datasets).toEqual([
      expect.objectContaining({
        folder_path: "datasets/my-dog",
        caption_ext: "txt",
        resolution: [512, 768, 1024],
      }),
    ]);
    expect(p.train).toEqual(expect.objectContaining({ steps: 1500, lr: 0.0001, timestep_type: "weighted" }));
    expect(p.model).toEqual(
      expect.objectContaining({
        name_or_path: "black-forest-labs/FLUX.2-klein-base-4B",
        arch: "flux2_klein_4b",
        model_kwargs: { match_target_res: false },
      }),
    );
    expect(p.sample.samples[0].prompt).toContain("[trigger]");
    expect(parse(aiToolkitConfig({ ...OPTS, base: "klein-base-9b" })).config.process[0].model.arch).toBe(
      "flux2_klein_9b",
    );
  });

  it("keeps a hostile trigger word a plain string", () => {
    const nasty = 'x": 1\n  injected: true # "yes';
    const p = parse(aiToolkitConfig({ ...OPTS, triggerWord: nasty })).config.process[0];
    expect(p.trigger_word).toBe(nasty);
    expect(p.injected).toBeUndefined();
  });

  const PY = ["/usr/bin/python3", "python3"].find(
    (c) => spawnSync(c, ["-c", "import yaml"], { encoding: "utf8" }).status === 0,
  );
  if (!PY)
    console.warn("dataset-local-export.test.ts: PyYAML cross-check SKIPPED (apt-get install python3-yaml)");
  it.skipIf(!PY)("reads the same in PyYAML (YAML 1.1, the parser ai-toolkit uses)", () => {
    const yaml = aiToolkitConfig({ ...OPTS, triggerWord: "yes" });
    const out = spawnSync(
      PY ?? "python3",
      ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],
      {
        input: yaml,
        encoding: "utf8",
      },
    );
    expect(out.stderr).toBe("");
    expect(JSON.parse(out.stdout)).toEqual(parse(yaml));
  });
});

describe("localTrainingSteps", () => {
  it("leads back to BFL, this dashboard and the matching klein endpoint", () => {
    const steps = localTrainingSteps({ name: "my-dog", base: "klein-base-9b" });
    expect(steps).toHaveLength(4);
    expect(steps[1]).toMatch(/Add Finetune.*FLUX\.2 \[klein\] Base 9B.*my-dog/);
    expect(steps[3]).toContain("flux-2-klein-base-9b-finetuned");
  });
});
