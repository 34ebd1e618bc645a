import "server-only";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { getConfig } from "./env";
import { AppError, storageError } from "./errors";

/**
 * Files under DATA_DIR. Callers pass relative paths built from validated ids only; `resolveInData`
 * still refuses anything that would land outside DATA_DIR.
 */
export function dataRoot(): string {
  return path.resolve(getConfig().dataDir);
}

export function resolveInData(rel: string): string {
  const root = dataRoot();
  const full = path.resolve(root, rel);
  if (full !== root && !full.startsWith(root + path.sep)) {
    throw new AppError("bad_request", "Invalid file reference.");
  }
  return full;
}

export const paths = {
  datasetDir: (finetuneId: string) => path.join("datasets", finetuneId),
  datasetZip: (finetuneId: string) => path.join("datasets", finetuneId, "dataset.zip"),
  datasetImage: (finetuneId: string, index: number, ext: string) =>
    path.join("datasets", finetuneId, "images", `${index}.${ext}`),
  datasetThumb: (finetuneId: string, index: number) =>
    path.join("datasets", finetuneId, "thumbs", `${index}.webp`),
  image: (generationId: string, ext: string) => path.join("images", `${generationId}.${ext}`),
  thumb: (generationId: string) => path.join("thumbnails", `${generationId}.webp`),
  inputDir: (generationId: string) => path.join("inputs", generationId),
  input: (generationId: string, field: string, ext: string) =>
    path.join("inputs", generationId, `${field}.${ext}`),
};

/** Temp files end in `.tmp` (the start-up sweep removes any a crash left behind). */
const tempName = (full: string) => `${full}.${randomBytes(4).toString("hex")}.tmp`;

/** Write atomically (temp file + rename) so a crash never leaves half a file under its final name. */
export async function writeData(rel: string, bytes: Uint8Array): Promise<void> {
  const full = resolveInData(rel);
  const tmp = tempName(full);
  try {
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(tmp, bytes);
    await rename(tmp, full);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    throw storageError(err, "save a file");
  }
}

/** Thrown by `streamToTemp` once a stream passes its byte cap. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`stream larger than ${maxBytes} bytes`);
  }
}

/**
 * Stream a body into a temp file beside `rel` (never holding it whole in memory), stopping (and
 * cancelling the body) as soon as it passes `maxBytes`. Returns the temp file's absolute path and size;
 * the caller renames it into place with `moveTempInto` or removes it with `removeTemp`.
 */
export async function streamToTemp(
  rel: string,
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<{ tmp: string; size: number }> {
  const full = resolveInData(rel);
  const tmp = tempName(full);
  let size = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) done(new TooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
  try {
    await mkdir(path.dirname(full), { recursive: true });
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), cap, createWriteStream(tmp));
    return { tmp, size };
  } catch (err) {
    await removeTemp(tmp);
    if (err instanceof TooLargeError) throw err;
    // Network errors pass through unchanged (the caller may retry); disk errors become plain words.
    if (typeof err === "object" && err && "syscall" in err) throw storageError(err, "save a file");
    throw err;
  }
}

/** Rename a temp file from `streamToTemp` into its final place under DATA_DIR. */
export async function moveTempInto(tmp: string, rel: string): Promise<void> {
  try {
    await rename(tmp, resolveInData(rel));
  } catch (err) {
    await removeTemp(tmp);
    throw storageError(err, "save a file");
  }
}

export async function removeTemp(tmp: string): Promise<void> {
  await rm(tmp, { force: true }).catch(() => {});
}

export async function readData(rel: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(resolveInData(rel)));
  } catch (err) {
    if ((err as { code?: unknown }).code === "ENOENT") return null;
    throw storageError(err, "read a stored file");
  }
}

export async function removeData(rel: string): Promise<void> {
  await rm(resolveInData(rel), { recursive: true, force: true }).catch(() => {});
}

/** Check at start that DATA_DIR can be written; returns a plain-words problem or null. */
export async function probeDataDir(): Promise<string | null> {
  try {
    await writeData(".write-probe", new TextEncoder().encode(String(Date.now())));
    await removeData(".write-probe");
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
