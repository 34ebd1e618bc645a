import type { UndoEntry } from "./bulk-ops";
import type { TrainingForm } from "./form";
import type { DatasetState } from "./types";

/**
 * The draft in IndexedDB: image files as Blobs (written once per image) and everything else (captions,
 * form, undo steps) as one small record rewritten on every change. Survives reloads and tab crashes.
 */

const DB_NAME = "finetune-studio-dataset";
const DB_VERSION = 1;
const BLOBS = "blobs";
const META = "meta";
const DRAFT_KEY = "draft";

export interface ImageBlobs {
  original: Blob;
  /** What goes into the ZIP (the original unless shrunk). */
  output?: Blob;
  thumb?: Blob;
}

export interface DraftSnapshot {
  dataset: DatasetState;
  form: TrainingForm;
  undo: UndoEntry[];
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

export async function saveBlobs(id: string, blobs: ImageBlobs): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(BLOBS, "readwrite");
  tx.objectStore(BLOBS).put(blobs, id);
  await done(tx);
}

export async function deleteBlobs(id: string): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(BLOBS, "readwrite");
  tx.objectStore(BLOBS).delete(id);
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
    if (b) blobs.set(item.id, b);
  }
  return { snapshot, blobs };
}

export async function clearDraft(): Promise<void> {
  const db = await openDb();
  const tx = db.transaction([META, BLOBS], "readwrite");
  tx.objectStore(META).clear();
  tx.objectStore(BLOBS).clear();
  await done(tx);
}
