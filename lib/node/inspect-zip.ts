import sharp from "sharp";
import {
  type DatasetProblem,
  type DatasetProblemCode,
  decodeCaption,
  isImageFormat,
  planDataset,
  readZipDirectory,
  sniffFormat,
  ZipReadError,
  zipEntryReader,
} from "../bfl";

/**
 * Node-only deep check of a training ZIP (zip-read + sharp). It lives in `lib/node`, outside the
 * isomorphic `lib/bfl`, because the browser cannot load sharp. The simulator and the dashboard server
 * call this same function, so both judge a dataset by the same rules.
 *
 * Order matters: the central directory is read and judged first (corrupt ZIP, bombs, too many entries,
 * bad names), and only entries that plan keeps are decompressed, each within the size the directory
 * claims: a ZIP that lies about its sizes is refused as soon as an entry overruns its claim.
 */

/**
 * Images larger than this are refused from their header, before sharp decodes them (a decompression
 * bomb costs 3 bytes a pixel). Camera photos stay under ~45 MP, and the browser shrinks every image to
 * about 1 MP before upload, so only a crafted or untouched file comes near it.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** "12.3 megapixels" (one decimal, none when whole). */
function megapixels(pixels: number): string {
  return `${Math.round(pixels / 100_000) / 10} megapixels`;
}

function tooManyPixels(width: number, height: number): string {
  return (
    `it is ${width}×${height} pixels (${megapixels(width * height)}), over the limit of ` +
    `${megapixels(MAX_IMAGE_PIXELS)}; resize it (BFL trains at about 1 megapixel anyway)`
  );
}

export interface InspectedImage {
  /** Path inside the ZIP. */
  name: string;
  /** Lower-cased file name without extension (captions pair on it). */
  stem: string;
  width: number;
  height: number;
  /** What sharp found inside, whatever the extension says: "jpeg", "png", "webp", ... */
  format: string;
  caption: string | null;
  bytes: Uint8Array;
}

export interface InspectedDataset {
  images: InspectedImage[];
  problems: DatasetProblem[];
  /** True when no problem has severity "error". */
  ok: boolean;
}

const STOP_BEFORE_INFLATING = new Set<DatasetProblemCode>([
  "corrupt_zip",
  "too_many_entries",
  "too_many_images",
  "zip_bomb",
  "too_large",
  "unsafe_path",
]);

function result(images: InspectedImage[], problems: DatasetProblem[]): InspectedDataset {
  return { images, problems, ok: !problems.some((p) => p.severity === "error") };
}

function baseName(name: string): string {
  return name.replace(/\\/g, "/").split("/").filter(Boolean).at(-1) ?? name;
}

function describeSharpError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(msg)) {
    return `it is larger than ${megapixels(MAX_IMAGE_PIXELS)}; resize it (BFL trains at about 1 megapixel anyway)`;
  }
  if (/unsupported image format/i.test(msg)) return "the file is not a JPEG, PNG or WebP image";
  if (/premature end|truncated|unexpected end|end of (file|stream)/i.test(msg)) {
    return "the image file is truncated (incomplete download or copy?)";
  }
  return `the image cannot be decoded (${msg.split("\n")[0]})`;
}

async function inspectImage(
  bytes: Uint8Array,
): Promise<{ ok: true; width: number; height: number; format: string } | { ok: false; reason: string }> {
  // A renamed iPhone photo: named from its brand, before sharp (which may or may not read HEIF) sees it.
  const sniffed = sniffFormat(bytes.subarray(0, 16));
  if (sniffed === "heic" || sniffed === "avif") {
    const what = sniffed === "heic" ? "a HEIC/HEIF photo" : "an AVIF image";
    return { ok: false, reason: `it is ${what} with an image extension; export it as JPEG, PNG or WebP` };
  }
  try {
    // The header alone first: the size is judged before a single pixel is decoded.
    const meta = await sharp(bytes, { failOn: "error" }).metadata();
    const format = meta.format ?? "unknown";
    // Formats BFL accepts, by what the bytes are (a renamed HEIC is not a JPEG).
    if (!isImageFormat(format)) {
      const what = format === "heif" ? "a HEIC/HEIF photo" : `a ${format.toUpperCase()} file`;
      return { ok: false, reason: `it is ${what} with an image extension; export it as JPEG, PNG or WebP` };
    }
    if (!meta.width || !meta.height) return { ok: false, reason: "the image has no size" };
    if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
      return { ok: false, reason: tooManyPixels(meta.width, meta.height) };
    }
    // Decode every pixel: a truncated JPEG often has valid headers and only fails here. The pixel limit
    // stays as a second guard in case the decoder disagrees with the header.
    await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" }).raw().toBuffer();
    return { ok: true, width: meta.width, height: meta.height, format };
  } catch (err) {
    return { ok: false, reason: describeSharpError(err) };
  }
}

/** A read failure as a problem: a crafted ZIP is a bomb (refused whole), anything else damage. */
function readProblem(err: unknown, file?: string): DatasetProblem {
  const why = err instanceof Error ? err.message : String(err);
  const crafted = err instanceof ZipReadError && err.crafted;
  return {
    code: crafted ? "zip_bomb" : "corrupt_zip",
    severity: "error",
    ...(file ? { file } : {}),
    message: crafted ? `The ZIP was refused: ${why}.` : `The ZIP is damaged: ${why}.`,
  };
}

/** Open, judge and decode a training ZIP. Never throws for bad input; everything bad is a problem. */
export async function inspectDatasetZip(zip: Uint8Array): Promise<InspectedDataset> {
  let directory: ReturnType<typeof readZipDirectory>;
  try {
    directory = readZipDirectory(zip);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return result(
      [],
      [
        {
          code: "corrupt_zip",
          severity: "error",
          message: `The file is not a readable ZIP archive: ${why}.`,
        },
      ],
    );
  }
  const plan = planDataset(directory);
  const problems = [...plan.problems];
  // Structural problems stop here, before anything is inflated; others (a stray .gif, a duplicate name)
  // still let the images be decoded so every problem is reported at once.
  if (problems.some((p) => STOP_BEFORE_INFLATING.has(p.code))) return result([], problems);

  let readEntry: ReturnType<typeof zipEntryReader>;
  try {
    readEntry = zipEntryReader(zip, directory);
  } catch (err) {
    return result([], [...problems, readProblem(err)]);
  }
  const byName = new Map(directory.map((e) => [e.name, e]));
  const read = async (name: string): Promise<Uint8Array | DatasetProblem> => {
    const entry = byName.get(name);
    if (!entry) return readProblem(new ZipReadError(`${name} is missing from the ZIP directory`), name);
    try {
      return await readEntry(entry);
    } catch (err) {
      return readProblem(err, name);
    }
  };

  const captions = new Map<string, string>();
  for (const cap of plan.captions) {
    const bytes = await read(cap.name);
    if (!(bytes instanceof Uint8Array)) {
      problems.push(bytes);
      // A lie about sizes condemns the whole ZIP: nothing more of it is inflated.
      if (bytes.code === "zip_bomb") return result([], problems);
      continue;
    }
    const text = decodeCaption(bytes);
    if (text === null) {
      problems.push({
        code: "caption_not_utf8",
        severity: "error",
        file: cap.name,
        message: `${baseName(cap.name)} is not UTF-8 text; save the caption as UTF-8.`,
      });
      continue;
    }
    captions.set(cap.stem, text);
  }

  const images: InspectedImage[] = [];
  for (const entry of plan.images) {
    const bytes = await read(entry.name);
    if (!(bytes instanceof Uint8Array)) {
      problems.push(bytes);
      if (bytes.code === "zip_bomb") return result([], problems);
      continue;
    }
    const info = await inspectImage(bytes);
    if (!info.ok) {
      problems.push({
        code: "undecodable_image",
        severity: "error",
        file: entry.name,
        message: `${baseName(entry.name)}: ${info.reason}.`,
      });
      continue;
    }
    images.push({
      name: entry.name,
      stem: entry.stem,
      width: info.width,
      height: info.height,
      format: info.format,
      caption: captions.get(entry.stem) ?? null,
      bytes,
    });
  }
  return result(images, problems);
}
