import {
  aiToolkitConfig,
  exportPaths,
  KLEIN_TRAINING_BASES,
  type LocalTrainingOptions,
} from "./local-export-config";
import type { DatasetItem } from "./types";
import { planZip, type ZipPlanEntry } from "./zip-plan";

/**
 * "Export for local training": the prepared dataset laid out for ostris/ai-toolkit (and kohya), to unzip
 * into ai-toolkit's folder:
 *   datasets/<name>/<image>.<ext> + <image>.txt   every image with a same-name caption file
 *   config/<name>.yaml                             a ready ai-toolkit job for a FLUX.2 [klein] LoRA
 *   <name>-how-to-train.txt                        the steps, and the way back to BFL and this dashboard
 */

/** A BFL finetune name from what the person typed: lowercase letters, digits, `-` and `_`. */
export function loraNameFrom(text: string): string {
  const name = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, 64)
    .replace(/[-_]+$/, "");
  return name || "my-lora";
}

export function localExportFileName(name: string): string {
  return `${name}-ai-toolkit.zip`;
}

export function planLocalExport(items: readonly DatasetItem[], o: LocalTrainingOptions): ZipPlanEntry[] {
  const paths = exportPaths(o.name);
  const dataset = planZip(items);
  const captioned = new Set(dataset.filter((e) => e.source.kind === "caption").map((e) => stemOf(e.name)));
  const entries: ZipPlanEntry[] = [];
  for (const e of dataset) {
    entries.push({ ...e, name: `${paths.datasetDir}/${e.name}` });
    // An image without a caption still gets its .txt, holding the trigger word: kohya and ai-toolkit
    // then both train the concept on it (BFL would have auto-captioned it).
    if (e.source.kind === "image" && !captioned.has(stemOf(e.name)))
      entries.push({
        name: `${paths.datasetDir}/${stemOf(e.name)}.txt`,
        source: { kind: "caption", text: o.triggerWord },
        compression: "DEFLATE",
      });
  }
  entries.push({
    name: paths.config,
    source: { kind: "caption", text: aiToolkitConfig(o) },
    compression: "DEFLATE",
  });
  entries.push({
    name: paths.readme,
    source: { kind: "caption", text: howToTrain(o) },
    compression: "DEFLATE",
  });
  return entries;
}

function stemOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The steps after the download, also shown on the page. */
export function localTrainingSteps(o: Pick<LocalTrainingOptions, "name" | "base">): string[] {
  const paths = exportPaths(o.name);
  const base = KLEIN_TRAINING_BASES[o.base];
  return [
    `Unzip into your ostris/ai-toolkit folder and run: python run.py ${paths.config} (${base.vram}).`,
    `Upload ${paths.output} at BFL's dashboard (Customization → Finetunes → + Add Finetune) with base model ${base.label} and the name ${o.name}.`,
    `Add it here by name under Finetunes → Add LoRA (${o.name}, ${base.label}).`,
    `Use it in the playground on ${base.endpoint}.`,
  ];
}

function howToTrain(o: LocalTrainingOptions): string {
  const paths = exportPaths(o.name);
  return [
    `${o.name}: a FLUX.2 [klein] LoRA dataset prepared in Finetune Studio`,
    "",
    `${paths.datasetDir}/  images with same-name .txt captions (trigger word: ${o.triggerWord})`,
    `${paths.config}  ostris/ai-toolkit job config`,
    "",
    ...localTrainingSteps(o).map((s, i) => `${i + 1}. ${s}`),
    "",
    `kohya: the same folder works as an image directory with caption extension .txt.`,
    "",
  ].join("\n");
}
