import type { ImageFormat } from "./types";

/**
 * What a file really is, from its first bytes, whatever its name says. A `.jpg` that is text or a HEIC
 * photo renamed is caught here with a specific message before any decoder sees it.
 */
export type Sniffed = ImageFormat | "gif" | "heic" | "text" | "unknown";

export function sniffFormat(head: Uint8Array): Sniffed {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "jpeg";
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return "png";
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (ascii(0, 4) === "GIF8") return "gif";
  if (ascii(4, 8) === "ftyp" && /^(heic|heix|hevc|heim|heis|mif1|msf1|avif)/.test(ascii(8, 12)))
    return "heic";
  if (head.length > 0 && head.subarray(0, 512).every((c) => c === 9 || c === 10 || c === 13 || c >= 32))
    return "text";
  return "unknown";
}

/** The image is complete: JPEG ends with its end marker, PNG has IEND, WebP's RIFF size fits the file. */
export function looksComplete(format: ImageFormat, bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (format === "jpeg") {
    // Cameras may append a few bytes after the end marker; look for it near the end.
    for (let i = n - 2; i >= Math.max(2, n - 4096); i--) {
      if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
    }
    return false;
  }
  if (format === "png") {
    for (let i = n - 8; i >= Math.max(8, n - 4096); i--) {
      if (bytes[i] === 0x49 && bytes[i + 1] === 0x45 && bytes[i + 2] === 0x4e && bytes[i + 3] === 0x44)
        return true;
    }
    return false;
  }
  if (n < 12) return false;
  const riffSize = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
  return riffSize + 8 <= n;
}

const LABEL: Record<ImageFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP" };

/** Why a file cannot be used, or null when its bytes look like a supported, complete image. */
export function sniffProblem(ext: string, bytes: Uint8Array): string | null {
  const claimed = ext === "jpg" || ext === "jpeg" ? "JPEG" : ext === "png" ? "PNG" : "WebP";
  const real = sniffFormat(bytes.subarray(0, 512));
  if (bytes.length === 0) return "the file is empty (0 bytes)";
  if (real === "text") return `it is named like a ${claimed} image but contains text`;
  if (real === "heic")
    return "it is a HEIC/AVIF photo (BFL accepts JPG, PNG and WebP); export it as JPEG first";
  if (real === "gif") return "it is a GIF image; BFL accepts JPG, PNG and WebP";
  if (real === "unknown") return `it is named like a ${claimed} image but its content is not an image`;
  if (!looksComplete(real, bytes))
    return `the ${LABEL[real]} file is truncated (it ends before the image does)`;
  return null;
}
