/**
 * The image formats BFL accepts (training images and inputs): their names, extensions and MIME types,
 * how to recognise one from its first bytes, and the one size-fit rule. Pure and isomorphic: the
 * dataset and playground workers, the server and the simulator all use this module.
 */

export const IMAGE_FORMATS = ["jpeg", "png", "webp"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

const INFO: Record<ImageFormat, { ext: string; exts: readonly string[]; mime: string; label: string }> = {
  jpeg: { ext: "jpg", exts: ["jpg", "jpeg"], mime: "image/jpeg", label: "JPEG" },
  png: { ext: "png", exts: ["png"], mime: "image/png", label: "PNG" },
  webp: { ext: "webp", exts: ["webp"], mime: "image/webp", label: "WebP" },
};

/** MIME types of the accepted formats, for `accept` attributes and upload checks. */
export const IMAGE_MIME_TYPES: readonly string[] = IMAGE_FORMATS.map((f) => INFO[f].mime);

export function isImageFormat(value: string): value is ImageFormat {
  return (IMAGE_FORMATS as readonly string[]).includes(value);
}

export function mimeOf(format: ImageFormat): string {
  return INFO[format].mime;
}

/** The extension a file of this format is written with (`jpg` for JPEG; an unknown name as it is). */
export function extOf(format: string): string {
  return isImageFormat(format) ? INFO[format].ext : format;
}

/** "JPEG", "PNG", "WebP". */
export function labelOf(format: ImageFormat): string {
  return INFO[format].label;
}

/** The format a file extension names (case-insensitive, no dot), or null. */
export function formatOfExt(ext: string): ImageFormat | null {
  const e = ext.toLowerCase();
  return IMAGE_FORMATS.find((f) => INFO[f].exts.includes(e)) ?? null;
}

/** The format a MIME type names, or null. */
export function formatOfMime(mime: string): ImageFormat | null {
  return IMAGE_FORMATS.find((f) => INFO[f].mime === mime) ?? null;
}

/** Content-Type for a stored format name (`jpg` accepted too); anything else is opaque bytes. */
export function contentTypeOf(format: string): string {
  const f = isImageFormat(format) ? format : formatOfExt(format);
  return f ? mimeOf(f) : "application/octet-stream";
}

/**
 * ISO-BMFF major brands (`....ftyp<brand>`) of HEIC/HEIF and AVIF files: an iPhone photo renamed `.jpg`
 * carries one of these. The one list every sniffer uses.
 */
const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);
const AVIF_BRANDS = new Set(["avif", "avis"]);

/** What a file really is, from its first bytes, whatever its name says. */
export type Sniffed = ImageFormat | "gif" | "heic" | "avif" | "text" | "unknown";

export function sniffFormat(head: Uint8Array): Sniffed {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "jpeg";
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return "png";
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (ascii(0, 4) === "GIF8") return "gif";
  if (ascii(4, 8) === "ftyp") {
    const brand = ascii(8, 12);
    if (HEIC_BRANDS.has(brand)) return "heic";
    if (AVIF_BRANDS.has(brand)) return "avif";
  }
  if (head.length > 0 && head.subarray(0, 512).every((c) => c === 9 || c === 10 || c === 13 || c >= 32))
    return "text";
  return "unknown";
}

/**
 * The largest size with the same aspect ratio within `maxPixels` pixels and `maxSide` on the longer
 * side; never larger than the original (`scaled` is false when it already fits). Sides are rounded
 * down, so the result never exceeds either limit.
 */
export function fitWithin(
  width: number,
  height: number,
  limits: { maxPixels: number; maxSide?: number },
): { width: number; height: number; scaled: boolean } {
  const maxSide = limits.maxSide ?? Number.POSITIVE_INFINITY;
  const scale = Math.min(
    1,
    maxSide / Math.max(width, height),
    Math.sqrt(limits.maxPixels / (width * height)),
  );
  if (scale >= 1) return { width, height, scaled: false };
  let w = Math.max(1, Math.floor(width * scale));
  let h = Math.max(1, Math.floor(height * scale));
  while (w * h > limits.maxPixels) {
    if (w >= h) w--;
    else h--;
  }
  return { width: w, height: h, scaled: true };
}
