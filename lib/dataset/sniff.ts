import { formatOfExt, type ImageFormat, labelOf, sniffFormat } from "@/lib/bfl/image-format";

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

/**
 * Why a file cannot be used, or null when its bytes look like a supported, complete image. A `.jpg`
 * that is text or a renamed HEIC photo is caught here with a specific message before any decoder sees it.
 */
export function sniffProblem(ext: string, bytes: Uint8Array): string | null {
  const claimed = labelOf(formatOfExt(ext) ?? "webp");
  const real = sniffFormat(bytes.subarray(0, 512));
  if (bytes.length === 0) return "the file is empty (0 bytes)";
  if (real === "text") return `it is named like a ${claimed} image but contains text`;
  if (real === "heic" || real === "avif")
    return `it is ${real === "heic" ? "a HEIC" : "an AVIF"} photo (BFL accepts JPG, PNG and WebP); export it as JPEG first`;
  if (real === "gif") return "it is a GIF image; BFL accepts JPG, PNG and WebP";
  if (real === "unknown") return `it is named like a ${claimed} image but its content is not an image`;
  if (!looksComplete(real, bytes))
    return `the ${labelOf(real)} file is truncated (it ends before the image does)`;
  return null;
}
