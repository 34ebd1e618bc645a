import { type DatasetProblemCode, planDataset, readZipDirectory, type ZipEntry } from "@/lib/bfl";

/**
 * Judge a dropped ZIP from its central directory before anything is decompressed (shared rules from
 * lib/bfl so the browser refuses exactly what the server would). Pure: the ZIP worker calls it.
 */

/** Problems that make the whole ZIP untrustworthy: nothing from it is imported. */
const FATAL: ReadonlySet<DatasetProblemCode> = new Set(["unsafe_path", "too_many_entries", "zip_bomb"]);

export type ZipImportPlan =
  | {
      ok: true;
      /** The directory, for reading the entries (zipEntryReader). */
      entries: ZipEntry[];
      images: { name: string; stem: string }[];
      captions: { name: string; stem: string }[];
      rejections: { name: string; reason: string }[];
    }
  | { ok: false; reason: string };

export function planZipImport(zipName: string, bytes: Uint8Array): ZipImportPlan {
  let entries: ReturnType<typeof readZipDirectory>;
  try {
    entries = readZipDirectory(bytes);
  } catch (e) {
    return { ok: false, reason: `${zipName} is not a readable ZIP file (${(e as Error).message}).` };
  }
  const plan = planDataset(entries);
  const fatal = plan.problems.find((p) => FATAL.has(p.code));
  if (fatal) return { ok: false, reason: `${zipName} was refused: ${fatal.message}` };
  const rejections = plan.problems
    .filter((p) => p.file && p.code !== "caption_without_image")
    .map((p) => ({ name: `${zipName} › ${p.file}`, reason: p.message }));
  return {
    ok: true,
    entries,
    images: plan.images.map((i) => ({ name: i.name, stem: i.stem })),
    captions: plan.captions.map((c) => ({ name: c.name, stem: c.stem })),
    rejections,
  };
}
