import type { TrainingForm } from "./form";
import type { DatasetState } from "./types";

/**
 * The draft in IndexedDB: image files as Blobs and everything else (captions, form) as one
 * small record rewritten on every change. Survives reloads and tab crashes. Each original is written
 * once, under the image's id, when it arrives; what processing makes (the shrunk copy, the thumbnail) goes
 * under a second key, so storing it never copies the original again.
 */

const DB_NAME = "finetune-studio-dataset";
const DB_VERSION = 1;
const BLOBS = "blobs";
const META = "meta";
const DRAFT_KEY = "draft";
const derivedKey = (id: string) => `${id}:derived`;

export interface ImageBlobs {
  original: Blob;
  /** What goes into the ZIP (the original unless shrunk). */
  output?: Blob;
  thumb?: Blob;
}

export interface DraftSnapshot {
  dataset: DatasetState;
  form: TrainingForm;
  savedAt: number;
}

let dbPromise: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(BLOBS)) db.createObjectStore(BLOBS);
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      dbPromise = null;
      reject(req.error ?? new Error("IndexedDB is not available"));
    };
  });
  return dbPromise;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** What processing made for one image; `output` only when it differs from the original (shrunk). */
export interface DerivedBlobs {
  output?: Blob;
  thumb: Blob;
}

/** Store originals as they arrive, all in one transaction. */
export async function saveOriginals(entries: readonly { id: string; original: Blob }[]): Promise<void> {
  if (entries.length === 0) return;
  const db = await openDb();
  const tx = db.transaction(BLOBS, "readwrite");
  const store = tx.objectStore(BLOBS);
  for (const e of entries) {
    store.put({ original: e.original } satisfies ImageBlobs, e.id);
    // A replaced image's old derived record must not outlive it.
    store.delete(derivedKey(e.id));
  }
  await done(tx);
}

/** Store processing results (one transaction per batch); the originals are not touched. */
export async function saveDerived(entries: readonly { id: string; derived: DerivedBlobs }[]): Promise<void> {
  if (entries.length === 0) return;
  const db = await openDb();
  const tx = db.transaction(BLOBS, "readwrite");
  const store = tx.objectStore(BLOBS);
  for (const e of entries) store.put(e.derived, derivedKey(e.id));
  await done(tx);
}

export async function deleteBlobs(id: string): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(BLOBS, "readwrite");
  tx.objectStore(BLOBS).delete(id);
  tx.objectStore(BLOBS).delete(derivedKey(id));
  await done(tx);
}

export async function saveSnapshot(snapshot: DraftSnapshot): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(META, "readwrite");
  tx.objectStore(META).put(snapshot, DRAFT_KEY);
  await done(tx);
}

export async function loadDraft(): Promise<{
  snapshot: DraftSnapshot;
  blobs: Map<string, ImageBlobs>;
} | null> {
  const db = await openDb();
  const tx = db.transaction([META, BLOBS], "readonly");
  const snapshot = (await request(tx.objectStore(META).get(DRAFT_KEY))) as DraftSnapshot | undefined;
  if (!snapshot) return null;
  const blobs = new Map<string, ImageBlobs>();
  for (const item of snapshot.dataset.items) {
    const b = (await request(tx.objectStore(BLOBS).get(item.id))) as ImageBlobs | undefined;
    if (!b) continue;
    const d = (await request(tx.objectStore(BLOBS).get(derivedKey(item.id)))) as DerivedBlobs | undefined;
    // Drafts saved before the split kept everything in one record; those keep their own fields.
    blobs.set(item.id, d ? { original: b.original, output: d.output, thumb: d.thumb } : b);
  }
  await pruneBlobs(new Set(snapshot.dataset.items.map((i) => i.id))).catch(() => undefined);
  return { snapshot, blobs };
}

/**
 * Delete stored files of images no longer in the draft (removed images are kept while an undo could bring
 * them back; the undo history ends with the page, so on the next load they can go).
 */
async function pruneBlobs(keep: ReadonlySet<string>): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(BLOBS, "readwrite");
  const store = tx.objectStore(BLOBS);
  const keys = await request(store.getAllKeys());
  for (const key of keys) if (!keep.has(String(key).replace(/:derived$/, ""))) store.delete(key);
  await done(tx);
}

export async function clearDraft(): Promise<void> {
  const db = await openDb();
  const tx = db.transaction([META, BLOBS], "readwrite");
  tx.objectStore(META).clear();
  tx.objectStore(BLOBS).clear();
  await done(tx);
}
