import { DATASET_RULES } from "./finetune";
import { type EntryInfo, ZIP_LIMITS } from "./zip-limits";

/**
 * BFL's dataset rules applied to the names and sizes inside a training ZIP. Pure and isomorphic: the
 * browser (dataset studio), the dashboard server and the simulator all judge a dataset with this code.
 * Decoding the images is left to each side (browser: createImageBitmap; Node: sharp).
 */

export type EntryKind = "image" | "caption" | "ignored" | "unsupported";

export interface ClassifiedName {
  kind: EntryKind;
  /** Name without folders. */
  fileName: string;
  /** Lower-cased file name without extension: images and captions pair on this. */
  stem: string;
  ext: string;
  /** Why an entry is ignored or unsupported, in plain words. */
  reason?: string;
}

const IMAGE_EXT = new Set<string>(DATASET_RULES.imageExtensions);

/** True for names that try to leave the folder: `../x`, `/etc/x`, `C:\x`. */
export function isUnsafePath(name: string): boolean {
  const n = name.replace(/\\/g, "/");
  return n.startsWith("/") || /^[a-zA-Z]:/.test(n) || n.split("/").some((part) => part === "..");
}

export function classifyName(name: string): ClassifiedName {
  const normalized = name.replace(/\\/g, "/");
  const parts = normalized.split("/").filter(Boolean);
  const fileName = parts.at(-1) ?? "";
  const dot = fileName.lastIndexOf(".");
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
  const stem = (dot > 0 ? fileName.slice(0, dot) : fileName).toLowerCase();
  const base = { fileName, stem, ext };
  if (normalized.endsWith("/")) return { ...base, kind: "ignored", reason: "folder" };
  if (parts.some((p) => p === "__MACOSX") || fileName.startsWith("._")) {
    return { ...base, kind: "ignored", reason: "macOS metadata" };
  }
  if (fileName === ".DS_Store" || fileName === "Thumbs.db" || fileName === "desktop.ini") {
    return { ...base, kind: "ignored", reason: "system file" };
  }
  if (IMAGE_EXT.has(ext)) return { ...base, kind: "image" };
  if (ext === DATASET_RULES.captionExtension) return { ...base, kind: "caption" };
  return {
    ...base,
    kind: "unsupported",
    reason:
      ext === "heic" || ext === "heif"
        ? "HEIC photos are not supported by BFL; export them as JPEG first"
        : `.${ext || "(no extension)"} files are not supported; use JPG, JPEG, PNG or WebP images and .txt captions`,
  };
}

export type DatasetProblemCode =
  | "no_images"
  | "too_many_images"
  | "few_images"
  | "unsupported_file"
  | "unsafe_path"
  | "duplicate_name"
  | "caption_without_image"
  | "caption_too_large"
  | "too_many_entries"
  | "too_large"
  | "zip_bomb"
  | "corrupt_zip"
  | "empty_file"
  | "undecodable_image"
  | "caption_not_utf8";

export interface DatasetProblem {
  code: DatasetProblemCode;
  /** "error" blocks a submission; "warning" does not. */
  severity: "error" | "warning";
  /** The entry it is about, when there is one. */
  file?: string;
  message: string;
}

export interface DatasetPlan {
  images: { name: string; stem: string; size: number; caption?: string }[];
  captions: { name: string; stem: string; size: number }[];
  problems: DatasetProblem[];
}

/** Judge a dataset from its entry names and sizes alone (before anything is decompressed). */
export function planDataset(entries: readonly EntryInfo[]): DatasetPlan {
  const problems: DatasetProblem[] = [];
  const images: DatasetPlan["images"] = [];
  const captions: DatasetPlan["captions"] = [];
  if (entries.length > ZIP_LIMITS.maxEntries) {
    problems.push({
      code: "too_many_entries",
      severity: "error",
      message: `The ZIP holds ${entries.length} entries; at most ${ZIP_LIMITS.maxEntries} are accepted (a dataset has at most 20 images).`,
    });
    return { images, captions, problems };
  }
  let total = 0;
  const seenImages = new Map<string, string>();
  for (const entry of entries) {
    total += entry.size;
    if (isUnsafePath(entry.name)) {
      problems.push({
        code: "unsafe_path",
        severity: "error",
        file: entry.name,
        message: `"${entry.name}" points outside the ZIP's folder; the ZIP is refused.`,
      });
      continue;
    }
    const c = classifyName(entry.name);
    if (c.kind === "ignored") continue;
    if (c.kind === "unsupported") {
      problems.push({
        code: "unsupported_file",
        severity: "error",
        file: entry.name,
        message: `${c.fileName}: ${c.reason}.`,
      });
      continue;
    }
    if (entry.size > ZIP_LIMITS.maxEntryBytes) {
      problems.push({
        code: "too_large",
        severity: "error",
        file: entry.name,
        message: `${c.fileName} unpacks to ${Math.round(entry.size / 1e6)} MB; the limit per file is ${ZIP_LIMITS.maxEntryBytes / 1024 / 1024} MB.`,
      });
      continue;
    }
    if (
      entry.compressedSize &&
      entry.size / Math.max(1, entry.compressedSize) > ZIP_LIMITS.maxCompressionRatio &&
      entry.size > 1e6
    ) {
      problems.push({
        code: "zip_bomb",
        severity: "error",
        file: entry.name,
        message: `${c.fileName} expands ${Math.round(entry.size / entry.compressedSize)} times when unpacked; it looks like a ZIP bomb and is refused.`,
      });
      continue;
    }
    if (entry.size === 0) {
      problems.push({
        code: "empty_file",
        severity: "error",
        file: entry.name,
        message: `${c.fileName} is empty (0 bytes).`,
      });
      continue;
    }
    if (c.kind === "image") {
      const other = seenImages.get(c.stem);
      if (other !== undefined) {
        problems.push({
          code: "duplicate_name",
          severity: "error",
          file: entry.name,
          message: `${entry.name} and ${other} have the same name; BFL pairs captions by name, so names must be unique.`,
        });
        continue;
      }
      seenImages.set(c.stem, entry.name);
      images.push({ name: entry.name, stem: c.stem, size: entry.size });
    } else {
      if (entry.size > ZIP_LIMITS.maxCaptionBytes) {
        problems.push({
          code: "caption_too_large",
          severity: "error",
          file: entry.name,
          message: `${c.fileName} is ${Math.round(entry.size / 1024)} KB; a caption is at most ${ZIP_LIMITS.maxCaptionBytes / 1024} KB of text.`,
        });
        continue;
      }
      captions.push({ name: entry.name, stem: c.stem, size: entry.size });
    }
  }
  if (total > ZIP_LIMITS.maxUncompressedBytes) {
    problems.push({
      code: "zip_bomb",
      severity: "error",
      message: `The ZIP unpacks to ${Math.round(total / 1e6)} MB; the limit is ${ZIP_LIMITS.maxUncompressedBytes / 1024 / 1024} MB.`,
    });
  }
  const imageStems = new Set(images.map((i) => i.stem));
  for (const cap of captions) {
    if (!imageStems.has(cap.stem)) {
      problems.push({
        code: "caption_without_image",
        severity: "warning",
        file: cap.name,
        message: `${cap.name} has no image named like it; it will be ignored.`,
      });
    }
  }
  problems.push(...countProblems(images.length));
  return { images, captions, problems };
}

/** The guide's image-count rules: 1 to 20 images, more than 5 recommended. */
export function countProblems(imageCount: number): DatasetProblem[] {
  if (imageCount < DATASET_RULES.minImages) {
    return [
      {
        code: "no_images",
        severity: "error",
        message: "The dataset has no images; add 1 to 20 JPG, PNG or WebP images.",
      },
    ];
  }
  if (imageCount > DATASET_RULES.maxImages) {
    return [
      {
        code: "too_many_images",
        severity: "error",
        message: `The dataset has ${imageCount} images; BFL accepts at most ${DATASET_RULES.maxImages}. Remove ${imageCount - DATASET_RULES.maxImages}.`,
      },
    ];
  }
  if (imageCount < DATASET_RULES.recommendedMinImages) {
    return [
      {
        code: "few_images",
        severity: "warning",
        message: `Only ${imageCount} image${imageCount === 1 ? "" : "s"}; the guide recommends more than ${DATASET_RULES.recommendedMinImages} for good results.`,
      },
    ];
  }
  return [];
}

/** Strict UTF-8 decoding of a caption; null when the bytes are not valid UTF-8. */
export function decodeCaption(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true })
      .decode(bytes)
      .replace(/^\uFEFF/, "")
      .trim();
  } catch {
    return null;
  }
}
