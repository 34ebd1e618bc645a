import { IMAGE_MIME_TYPES } from "@/lib/bfl/image-format";

/** Control images and fill images are shrunk in the browser before upload: smaller bodies, same result. */

/** Longest side and pixel budget for images sent to BFL (its inputs are capped around 1 MP). */
export const MAX_INPUT_SIDE = 1440;
export const MAX_INPUT_PIXELS = 1024 * 1024;

export function imageTypeProblem(file: { name: string; type: string }): string | null {
  if (IMAGE_MIME_TYPES.includes(file.type)) return null;
  return `“${file.name}” is not a JPEG, PNG or WebP image.`;
}
