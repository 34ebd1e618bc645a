import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { cached, invalidate } from "./cache";
import { getConfig } from "./env";
import { AppError, storageError } from "./errors";
import { log } from "./log";
import type { StorageDriver, StoredEntry, StoredFile } from "./storage-driver";
import { dataRoot, localDriver, resolveInData, tempName } from "./storage-local";

/**
 * Every stored file (result images, thumbnails, generation inputs, datasets) goes through this module:
 * one driver per process, files under DATA_DIR by default or an S3-compatible bucket when S3_BUCKET is
 * set. Downloads are streamed to a temp file under DATA_DIR first (capped, readable by sharp), then
 * handed to the driver; reads are streams that go straight to the HTTP response.
 */

export type { StoredEntry, StoredFile };
export { dataRoot, resolveInData };

let driver: Promise<StorageDriver> | undefined;

/** The process's driver; the AWS SDK is only loaded when S3_BUCKET is set. */
export function storage(): Promise<StorageDriver> {
  if (!driver) {
    const s3 = getConfig().s3;
    driver = s3 ? import("./storage-s3").then((m) => m.s3Driver(s3)) : Promise.resolve(localDriver);
  }
  return driver;
}

export const paths = {
  datasetDir: (finetuneId: string) => path.posix.join("datasets", finetuneId),
  datasetZip: (finetuneId: string) => path.posix.join("datasets", finetuneId, "dataset.zip"),
  datasetImage: (finetuneId: string, index: number, ext: string) =>
    path.posix.join("datasets", finetuneId, "images", `${index}.${ext}`),
  datasetThumb: (finetuneId: string, index: number) =>
    path.posix.join("datasets", finetuneId, "thumbs", `${index}.webp`),
  image: (generationId: string, ext: string) => path.posix.join("images", `${generationId}.${ext}`),
  thumb: (generationId: string) => path.posix.join("thumbnails", `${generationId}.webp`),
  inputDir: (generationId: string) => path.posix.join("inputs", generationId),
  input: (generationId: string, field: string, ext: string) =>
    path.posix.join("inputs", generationId, `${field}.${ext}`),
};

export async function writeData(rel: string, bytes: Uint8Array): Promise<void> {
  await (await storage()).put(rel, bytes);
}

/** Open a stored file as a stream (for HTTP responses); null when it does not exist. */
export async function openData(rel: string): Promise<StoredFile | null> {
  return (await storage()).get(rel);
}

/** A stored file's bytes, for what must be sent whole anyway (a dataset ZIP or an input image to BFL). */
export async function readData(rel: string): Promise<Uint8Array | null> {
  const file = await openData(rel);
  if (!file) return null;
  try {
    return new Uint8Array(await new Response(file.body).arrayBuffer());
  } catch (err) {
    if ((await storage()).kind === "local") throw storageError(err, "read a stored file");
    throw new AppError(
      "storage_failed",
      "Could not read a stored file: the bucket's answer broke off. Retry.",
      {
        cause: err,
      },
    );
  }
}

/** Remove a file or folder; a failure is logged (what stays behind is removed by the start-up sweep). */
export async function removeData(rel: string): Promise<void> {
  await (await storage())
    .remove(rel)
    .catch((err: unknown) => log.warn("storage", `could not remove ${rel}; the start-up sweep will`, err));
}

/** The direct children of a stored folder and when each last changed (the orphan sweep). */
export async function listData(dir: string): Promise<StoredEntry[]> {
  return (await storage()).list(dir);
}

/** Thrown by `streamToTemp` once a stream passes its byte cap. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`stream larger than ${maxBytes} bytes`);
  }
}

/**
 * Stream a body into a temp file under DATA_DIR beside `rel` (never holding it whole in memory),
 * stopping (and cancelling the body) as soon as it passes `maxBytes`. Returns the temp file's absolute
 * path and size; the caller stores it with `moveTempInto` or removes it with `removeTemp`.
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

/** Store a temp file from `streamToTemp` under `rel` (a rename, or an upload); the temp file is gone after. */
export async function moveTempInto(tmp: string, rel: string): Promise<void> {
  await (await storage()).putFile(rel, tmp);
}

export async function removeTemp(tmp: string): Promise<void> {
  await rm(tmp, { force: true }).catch(() => {});
}

/**
 * Check that files can be stored: DATA_DIR must be writable in every mode (temp files, and the
 * database when it is SQLite), and the bucket must answer when S3_BUCKET is set.
 */
export async function probeDataDir(): Promise<string | null> {
  const local = await localDriver.probe();
  if (local) return local;
  const d = await storage();
  return d === localDriver ? null : d.probe();
}

/**
 * How long /api/health trusts a storage probe that succeeded. A probe writes and removes a file in
 * DATA_DIR (and asks the bucket, with S3_BUCKET): a dashboard polled by monitors and open tabs should not
 * do that on every call. A failed probe is not kept: the next call probes again, so a repair shows at once.
 */
export const STORAGE_PROBE_OK_TTL_MS = 5_000;
const PROBE_KEY = "storage:probe";

/** What /api/health says about storage; `fresh` probes now instead of using a recent success. */
export async function storageHealth(fresh = false): Promise<{
  driver: "local" | "s3";
  ok: boolean;
  message: string | null;
}> {
  if (fresh) invalidate(PROBE_KEY);
  // Concurrent health calls share one probe (cached() is single flight).
  const message = await cached(
    PROBE_KEY,
    (m: string | null) => (m === null ? STORAGE_PROBE_OK_TTL_MS : 0),
    probeDataDir,
  );
  return { driver: (await storage()).kind, ok: message === null, message };
}
