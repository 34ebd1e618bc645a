import "server-only";
import type { DatasetImage } from "@/lib/api/types";
import { contentTypeOf } from "@/lib/bfl/image-format";
import { notFound } from "./errors";
import { datasetImages, getFinetuneRow } from "./finetune-repo";
import type { FileBody } from "./http";
import { openData } from "./storage";

/** A local finetune's training data as it was sent to BFL: the image list, each image, the ZIP. */

async function localFinetune(id: string) {
  const row = await getFinetuneRow(id);
  if (!row) throw notFound("This finetune's dataset");
  return row;
}

export async function datasetImageList(id: string): Promise<DatasetImage[]> {
  const row = await localFinetune(id);
  const base = `/api/finetunes/${encodeURIComponent(row.id)}/images`;
  return (await datasetImages(row.id)).map((img) => ({
    index: img.idx,
    name: img.name,
    caption: img.caption,
    width: img.width,
    height: img.height,
    url: `${base}/${img.idx}`,
    thumbnail_url: `${base}/${img.idx}/thumbnail`,
  }));
}

/** One training image, full size, or its ~256 px WebP thumbnail. */
export async function datasetImageFile(
  id: string,
  index: number,
  size: "full" | "thumbnail",
): Promise<{ file: FileBody; contentType: string }> {
  const img = (await datasetImages((await localFinetune(id)).id)).find((i) => i.idx === index);
  if (size === "thumbnail") {
    const file = img ? await openData(img.thumb_file) : null;
    if (!file) throw notFound("This thumbnail");
    return { file, contentType: "image/webp" };
  }
  const file = img ? await openData(img.file) : null;
  if (!img || !file) throw notFound("This training image");
  return { file, contentType: contentTypeOf(img.format) };
}

/** The training ZIP exactly as it was sent to BFL, named after the finetune's comment. */
export async function datasetZip(id: string): Promise<{ file: FileBody; filename: string }> {
  const row = await localFinetune(id);
  const file = row.dataset_file ? await openData(row.dataset_file) : null;
  if (!file) throw notFound("This finetune's dataset");
  const name = row.finetune_comment.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 60) || "dataset";
  return { file, filename: `${name}.zip` };
}
