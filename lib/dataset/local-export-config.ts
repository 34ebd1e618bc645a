import { type FinetuneMode, KLEIN_BASE_MODEL_LABEL, kleinEndpointFor } from "@/lib/bfl";

/**
 * An ostris/ai-toolkit job config for a FLUX.2 [klein] LoRA, as YAML. BFL's live service no longer
 * trains (its klein training page points to ai-toolkit on your own GPU); a LoRA trained this way is then
 * uploaded in BFL's dashboard and used through the matching `/v1/flux-2-klein-*-finetuned` endpoint.
 * Keys follow ai-toolkit's own klein defaults (arch `flux2_klein_*`, the undistilled `-base-` checkpoint,
 * qfloat8 quantisation, weighted timesteps, `match_target_res: false`).
 */

/**
 * The klein checkpoints a LoRA can be trained on locally (ai-toolkit trains on the undistilled Base
 * models), and where BFL then serves such a LoRA (lib/bfl's klein table).
 */
const trainingBase = (base: "klein-base-4b" | "klein-base-9b", size: "4B" | "9B", vram: string) => ({
  label: KLEIN_BASE_MODEL_LABEL[base],
  repo: `black-forest-labs/FLUX.2-klein-base-${size}`,
  arch: `flux2_klein_${size.toLowerCase()}`,
  endpoint: kleinEndpointFor(base, "bf16") ?? "",
  vram,
});
export const KLEIN_TRAINING_BASES = {
  "klein-base-4b": trainingBase("klein-base-4b", "4B", "about 12 GB of GPU memory"),
  "klein-base-9b": trainingBase("klein-base-9b", "9B", "about 22 GB of GPU memory"),
} as const;
export type KleinTrainingBase = keyof typeof KLEIN_TRAINING_BASES;
export const KLEIN_TRAINING_BASE_IDS = Object.keys(KLEIN_TRAINING_BASES) as KleinTrainingBase[];

export const LOCAL_STEPS = { min: 100, max: 10_000, default: 1500 } as const;

export interface LocalTrainingOptions {
  /** The LoRA's name: a BFL finetune name (lowercase letters, digits, `-`, `_`). */
  name: string;
  triggerWord: string;
  mode: FinetuneMode | "";
  base: KleinTrainingBase;
  steps: number;
  rank: number;
}

const SAMPLE_PROMPTS: Record<FinetuneMode | "", string[]> = {
  character: ["[trigger], studio portrait, soft window light", "[trigger] walking in a park, golden hour"],
  product: ["[trigger] on a marble table, studio lighting", "[trigger] held in a hand, outdoors"],
  style: [
    "a lighthouse on a cliff at dusk in the style of [trigger]",
    "a city street in the rain in the style of [trigger]",
  ],
  general: ["[trigger]", "[trigger], wide shot"],
  "": ["[trigger]", "[trigger], wide shot"],
};

/** Where the dataset and the config sit inside the export (and inside ai-toolkit's folder once unzipped). */
export function exportPaths(name: string) {
  return {
    datasetDir: `datasets/${name}`,
    config: `config/${name}.yaml`,
    readme: `${name}-how-to-train.txt`,
    output: `output/${name}/${name}.safetensors`,
  };
}

export function aiToolkitConfig(o: LocalTrainingOptions): string {
  const base = KLEIN_TRAINING_BASES[o.base];
  const paths = exportPaths(o.name);
  const job = {
    job: "extension",
    config: {
      name: o.name,
      process: [
        {
          type: "diffusion_trainer",
          training_folder: "output",
          device: "cuda:0",
          // ai-toolkit adds it to any caption that lacks it; "[trigger]" in a caption is replaced by it.
          trigger_word: o.triggerWord,
          network: { type: "lora", linear: o.rank, linear_alpha: o.rank },
          save: { dtype: "bf16", save_every: 250, max_step_saves_to_keep: 4, save_format: "safetensors" },
          datasets: [
            {
              folder_path: paths.datasetDir,
              caption_ext: "txt",
              caption_dropout_rate: 0.05,
              cache_latents_to_disk: true,
              resolution: [512, 768, 1024],
            },
          ],
          train: {
            batch_size: 1,
            steps: o.steps,
            gradient_accumulation: 1,
            train_unet: true,
            train_text_encoder: false,
            gradient_checkpointing: true,
            noise_scheduler: "flowmatch",
            timestep_type: "weighted",
            optimizer: "adamw8bit",
            lr: 0.0001,
            dtype: "bf16",
          },
          model: {
            name_or_path: base.repo,
            arch: base.arch,
            quantize: true,
            qtype: "qfloat8",
            quantize_te: true,
            low_vram: true,
            model_kwargs: { match_target_res: false },
          },
          sample: {
            sampler: "flowmatch",
            sample_every: 250,
            width: 1024,
            height: 1024,
            samples: SAMPLE_PROMPTS[o.mode].map((prompt) => ({ prompt })),
            seed: 42,
            walk_seed: true,
            guidance_scale: 4,
            sample_steps: 30,
          },
        },
      ],
    },
    meta: { name: o.name, version: "1.0" },
  };
  return `# ai-toolkit job: a FLUX.2 [klein] LoRA on ${base.label} (${base.vram}).\n# From ai-toolkit's folder: python run.py ${paths.config}\n${toYaml(job, 0).trimStart()}\n`;
}

type Yaml = string | number | boolean | Yaml[] | { [k: string]: Yaml };

/**
 * A block-style YAML writer for the config above. Strings are written as JSON strings (valid YAML
 * double-quoted scalars), so a trigger word with quotes, colons or `#` cannot change the structure,
 * and both YAML 1.1 (PyYAML, which ai-toolkit uses) and 1.2 parsers read the same values.
 */
function toYaml(value: Yaml, indent: number): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object")) return `[${value.map(scalar).join(", ")}]`;
    return value
      .map((v) => {
        const body = toYaml(v, indent + 2).trimStart();
        return `\n${pad}- ${body}`;
      })
      .join("");
  }
  if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    return keys
      .map((k) => {
        const v = value[k] as Yaml;
        const nested = typeof v === "object" && !(Array.isArray(v) && v.every((x) => typeof x !== "object"));
        return nested && Object.keys(v).length > 0
          ? `\n${pad}${k}:${toYaml(v, indent + 2)}`
          : `\n${pad}${k}: ${toYaml(v, indent + 2)}`;
      })
      .join("");
  }
  return scalar(value);
}

function scalar(v: string | number | boolean | Yaml): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    // PyYAML reads "1e-4" as a string: write plain decimals.
    const s = String(v);
    return s.includes("e") ? v.toFixed(20).replace(/0+$/, "") : s;
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  throw new Error("nested value in a flow list");
}
