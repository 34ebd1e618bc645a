/// <reference lib="webworker" />
import JSZip from "jszip";
import { decodeCaption, formatOfExt, mimeOf, ZipReadError, zipEntryReader } from "@/lib/bfl";
import { serveWorker } from "@/lib/workers/serve";
import { planZipImport } from "../zip-import";
import type {
  BuildZipRequest,
  BuildZipResponse,
  ParseZipRequest,
  ParseZipResponse,
  ZipContract,
} from "./protocol";

/**
 * Parse dropped ZIPs (zip-read, the same budgeted reader the server uses) and build the training ZIP
 * (jszip), off the main thread. jszip loads only here.
 */

async function parseZip(req: ParseZipRequest): Promise<ParseZipResponse> {
  const zipName = req.blob instanceof File ? req.blob.name : "the ZIP";
  const bytes = new Uint8Array(await req.blob.arrayBuffer());
  const plan = planZipImport(zipName, bytes);
  if (!plan.ok) return plan;
  const refused = (e: unknown) => ({
    ok: false as const,
    reason: `${zipName} was refused: ${(e as Error).message}.`,
  });
  let readEntry: ReturnType<typeof zipEntryReader>;
  try {
    readEntry = zipEntryReader(bytes, plan.entries);
  } catch (e) {
    if (e instanceof ZipReadError && e.crafted) return refused(e);
    return { ok: false, reason: `${zipName} is not a readable ZIP file (${(e as Error).message}).` };
  }
  const byName = new Map(plan.entries.map((e) => [e.name, e]));
  const rejections = [...plan.rejections];
  const images: { name: string; blob: Blob }[] = [];
  for (const img of plan.images) {
    const entry = byName.get(img.name);
    if (!entry) continue;
    try {
      const data = await readEntry(entry);
      const format = formatOfExt(img.name.split(".").pop() ?? "");
      images.push({
        name: img.name,
        blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: format ? mimeOf(format) : "" }),
      });
    } catch (e) {
      // A ZIP that lies about its sizes is refused whole: nothing more of it is unpacked.
      if (e instanceof ZipReadError && e.crafted) return refused(e);
      rejections.push({
        name: `${zipName} › ${img.name}`,
        reason: `could not be unpacked (${(e as Error).message})`,
      });
    }
  }
  const captions: { name: string; text: string }[] = [];
  for (const cap of plan.captions) {
    const entry = byName.get(cap.name);
    if (!entry) continue;
    let raw: Uint8Array;
    try {
      raw = await readEntry(entry);
    } catch (e) {
      if (e instanceof ZipReadError && e.crafted) return refused(e);
      rejections.push({
        name: `${zipName} › ${cap.name}`,
        reason: `could not be unpacked (${(e as Error).message})`,
      });
      continue;
    }
    const text = decodeCaption(raw);
    if (text === null)
      rejections.push({ name: `${zipName} › ${cap.name}`, reason: "the caption is not UTF-8 text" });
    else captions.push({ name: cap.name, text });
  }
  return { ok: true, images, captions, rejections };
}

async function buildZip(req: BuildZipRequest, progress: (p: number) => void): Promise<BuildZipResponse> {
  const zip = new JSZip();
  for (const e of req.entries) {
    // Photos are already compressed: store them; captions are text: deflate them.
    zip.file(e.name, e.data, { compression: e.compression, binary: typeof e.data !== "string" });
  }
  const blob = await zip.generateAsync({ type: "blob", mimeType: "application/zip" }, (meta) =>
    progress(meta.percent / 100),
  );
  return { ok: true, zip: blob };
}

serveWorker<ZipContract>({
  async parseZip(req) {
    try {
      return await parseZip(req);
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  },
  async buildZip(req, ctx) {
    try {
      return await buildZip(req, ctx.progress);
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  },
});
