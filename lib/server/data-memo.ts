import "server-only";
import { dataVersion } from "./db";

/**
 * What is read from the database and reshaped on every poll (the finetune list's own part) is kept
 * until the database changes: one version query (db.ts dataVersion) instead of the reads and the
 * mapping. Exact across instances on one SQLite file; on Postgres it always loads. Concurrent callers
 * share one load.
 */
interface Memo {
  version: string;
  value: Promise<unknown>;
}

const KEY = Symbol.for("finetune-studio.data-memo");
type Holder = { [KEY]?: Map<string, Memo> };

function memos(): Map<string, Memo> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

export async function memoByData<T>(key: string, load: () => Promise<T>): Promise<T> {
  const version = await dataVersion();
  if (version === null) return load();
  const map = memos();
  const hit = map.get(key);
  if (hit?.version === version) return hit.value as Promise<T>;
  const value = load();
  map.set(key, { version, value });
  // A failed load is not kept.
  value.catch(() => {
    if (map.get(key)?.value === value) map.delete(key);
  });
  return value;
}
