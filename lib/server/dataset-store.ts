import "server-only";
import sharp from "sharp";
import { extOf } from "@/lib/bfl/image-format";
import type { InspectedImage } from "@/lib/node/inspect-zip";
import type { DatasetImagesTable } from "./db-schema";
import { paths, removeData, writeData } from "./storage";

/** A stored training image: one row of `dataset_images` (its type comes from the schema). */
export type StoredDatasetImage = Omit<DatasetImagesTable, "finetune_id">;

export const DATASET_THUMB_PX = 256;
const STORE_CONCURRENCY = 4;

export async function webpThumbnail(bytes: Uint8Array | string, px: number): Promise<Uint8Array> {
  const out = await sharp(bytes, { limitInputPixels: 100_000_000 })
    .rotate()
    .resize(px, px, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 78 })
    .toBuffer();
  return new Uint8Array(out);
}

/**
 * Keep the ZIP exactly as sent, plus each image and a ~256 px WebP thumbnail, under
 * `datasets/<finetune id>/` in storage (DATA_DIR or the bucket). On any failure everything written so
 * far is removed.
 */
export async function storeDataset(
  finetuneId: string,
  zip: Uint8Array,
  images: readonly InspectedImage[],
): Promise<StoredDatasetImage[]> {
  const storeOne = async (img: InspectedImage, idx: number): Promise<StoredDatasetImage> => {
    const file = paths.datasetImage(finetuneId, idx, extOf(img.format));
    const thumb = paths.datasetThumb(finetuneId, idx);
    await writeData(file, img.bytes);
    await writeData(thumb, await webpThumbnail(img.bytes, DATASET_THUMB_PX));
    return {
      idx,
      name: img.name,
      caption: img.caption,
      width: img.width,
      height: img.height,
      format: img.format,
      file,
      thumb_file: thumb,
    };
  };
  try {
    await writeData(paths.datasetZip(finetuneId), zip);
    const stored: StoredDatasetImage[] = new Array(images.length);
    // A few at once: with a bucket each file is a round trip; more would only queue behind sharp.
    let next = 0;
    let failed = false;
    const worker = async () => {
      for (let idx = next++; idx < images.length && !failed; idx = next++) {
        stored[idx] = await storeOne(images[idx] as InspectedImage, idx).catch((err: unknown) => {
          failed = true;
          throw err;
        });
      }
    };
    // Every worker has stopped before the clean-up below runs, so nothing is written after it.
    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(STORE_CONCURRENCY, images.length) }, worker),
    );
    const rejected = settled.find((r) => r.status === "rejected");
    if (rejected) throw rejected.reason;
    return stored;
  } catch (err) {
    await removeData(paths.datasetDir(finetuneId));
    throw err;
  }
}
