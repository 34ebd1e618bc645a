/** The dataset studio's state shapes (plain data, so they persist to IndexedDB and unit-test easily). */

import type { ImageFormat } from "@/lib/bfl/image-format";

export type { ImageFormat };

export interface ProcessedImage {
  /** Pixel size after EXIF orientation, before any shrinking. */
  origWidth: number;
  origHeight: number;
  /** Pixel size of what goes into the ZIP. */
  width: number;
  height: number;
  /** Format of what goes into the ZIP. */
  format: ImageFormat;
  /** Bytes that go into the ZIP: the original file unless it had to be shrunk. */
  bytes: number;
  /** True when the image was decoded and encoded again (shrunk to 1 MP). */
  reencoded: boolean;
  /** 16×16 average colours as hex (near-duplicates, see hash.ts). Absent in drafts saved before it existed. */
  grid?: string;
  /** SHA-256 of the original bytes (exact duplicates). */
  sha256: string;
}

export interface DatasetItem {
  id: string;
  /** The name the person gave the file (folders stripped). */
  name: string;
  /** Lower-cased name without extension: captions pair on it. */
  stem: string;
  /** Size of the original file in bytes. */
  origBytes: number;
  status: "processing" | "ready";
  processed?: ProcessedImage;
  /** null = no caption file; "" = a caption that says nothing. */
  caption: string | null;
}

/** A caption that arrived without its image (kept: the image may come in a later drop). */
export interface OrphanCaption {
  stem: string;
  name: string;
  text: string;
}

/** A file we refused, with the reason in plain words. */
export interface Rejection {
  id: string;
  name: string;
  reason: string;
}

export interface DatasetState {
  items: DatasetItem[];
  orphans: OrphanCaption[];
  rejections: Rejection[];
}

export const EMPTY_DATASET: DatasetState = { items: [], orphans: [], rejections: [] };
