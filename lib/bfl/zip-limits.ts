/** What a training ZIP may hold, judged from its central directory before anything is inflated. */

/** Safety limits of ours (BFL documents none): a 20-image dataset at full camera size fits easily. */
export const ZIP_LIMITS = {
  maxEntries: 1000,
  maxUncompressedBytes: 600 * 1024 * 1024,
  maxEntryBytes: 120 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxCaptionBytes: 64 * 1024,
} as const;

/** One entry as the directory describes it: what planDataset judges. */
export interface EntryInfo {
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
  compressedSize?: number;
}
