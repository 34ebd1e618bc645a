import "server-only";

/**
 * What a storage driver does: keys are relative paths such as `images/<id>.jpg` (built by `paths` in
 * storage.ts from validated ids only). A "folder" key (`datasets/<id>`) stands for everything under it.
 */

/** A stored file opened for reading: streamed, never read whole into memory. */
export interface StoredFile {
  body: ReadableStream<Uint8Array>;
  size: number;
}

/** A direct child of a folder (a file, or a folder with everything under it) and when it last changed. */
export interface StoredEntry {
  name: string;
  modifiedMs: number;
}

export interface StorageDriver {
  readonly kind: "local" | "s3";
  /** Where files go, for logs and /api/health (never a secret). */
  readonly where: string;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Store a local temp file under `key` and remove the temp file (also on failure). */
  putFile(key: string, localFile: string): Promise<void>;
  get(key: string): Promise<StoredFile | null>;
  /** Remove the file `key` or the folder `key` with everything under it; a missing one is fine. */
  remove(key: string): Promise<void>;
  list(dir: string): Promise<StoredEntry[]>;
  /** A plain-words problem when files cannot be written and read, else null. */
  probe(): Promise<string | null>;
}
