import "server-only";
import { randomBytes } from "node:crypto";
import { access, constants, mkdir, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { getConfig } from "./env";
import { AppError, storageError } from "./errors";
import type { StorageDriver, StoredEntry, StoredFile } from "./storage-driver";

/**
 * The default driver: files under DATA_DIR. `resolveInData` refuses any key that would land outside
 * DATA_DIR, even though callers only build keys from validated ids.
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

/** Temp files end in `.tmp` (the start-up sweep removes any a crash left behind). */
export const tempName = (full: string) => `${full}.${randomBytes(4).toString("hex")}.tmp`;

const isMissing = (err: unknown) => (err as { code?: unknown }).code === "ENOENT";

export const localDriver: StorageDriver = {
  kind: "local",
  get where() {
    return dataRoot();
  },

  /** Written atomically (temp file + rename) so a crash never leaves half a file under its final name. */
  async put(key, bytes) {
    const full = resolveInData(key);
    const tmp = tempName(full);
    try {
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(tmp, bytes);
      await rename(tmp, full);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => {});
      throw storageError(err, "save a file");
    }
  },

  async putFile(key, localFile) {
    try {
      const full = resolveInData(key);
      await mkdir(path.dirname(full), { recursive: true });
      await rename(localFile, full);
    } catch (err) {
      await rm(localFile, { force: true }).catch(() => {});
      throw err instanceof AppError ? err : storageError(err, "save a file");
    }
  },

  async get(key): Promise<StoredFile | null> {
    try {
      const handle = await open(resolveInData(key));
      const { size } = await handle.stat().catch(async (err: unknown) => {
        await handle.close();
        throw err;
      });
      const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
      return { body, size };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err instanceof AppError ? err : storageError(err, "read a stored file");
    }
  },

  async remove(key) {
    await rm(resolveInData(key), { recursive: true, force: true }).catch(() => {});
  },

  async list(dir): Promise<StoredEntry[]> {
    const full = resolveInData(dir);
    const names = await readdir(full).catch(() => [] as string[]);
    const out: StoredEntry[] = [];
    for (const name of names) {
      if (name.endsWith(".tmp")) continue; // the sweep removes those on its own
      const st = await stat(path.join(full, name)).catch(() => null);
      if (st) out.push({ name, modifiedMs: st.mtimeMs });
    }
    return out;
  },

  async probe() {
    try {
      await mkdir(dataRoot(), { recursive: true });
      await access(dataRoot(), constants.W_OK);
      await this.put(".write-probe", new TextEncoder().encode(String(Date.now())));
      await this.remove(".write-probe");
      return null;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return `The data folder (DATA_DIR, ${dataRoot()}) cannot be written: ${reason}`;
    }
  },
};
