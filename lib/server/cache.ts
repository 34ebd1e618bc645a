import "server-only";

/**
 * A small in-process cache with single flight: concurrent callers of the same key share one upstream
 * call, so N browser tabs polling every 3 s cost one BFL call per TTL. Failures are not cached.
 */
interface Entry {
  value?: unknown;
  pending?: Promise<unknown>;
  expires: number;
}

const KEY = Symbol.for("finetune-studio.cache");
type Holder = { [KEY]?: Map<string, Entry> };

function store(): Map<string, Entry> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

export async function cached<T>(
  key: string,
  ttlMs: number | ((value: T) => number),
  load: () => Promise<T>,
): Promise<T> {
  const map = store();
  const hit = map.get(key);
  const now = Date.now();
  if (hit?.pending) return hit.pending as Promise<T>;
  if (hit && "value" in hit && hit.expires > now) return hit.value as T;
  const pending = load().then(
    (value) => {
      const ttl = typeof ttlMs === "function" ? ttlMs(value) : ttlMs;
      map.set(key, { value, expires: Date.now() + ttl });
      return value;
    },
    (err: unknown) => {
      map.delete(key);
      throw err;
    },
  );
  map.set(key, { pending, expires: now });
  return pending;
}

export function invalidate(prefix: string): void {
  const map = store();
  for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
}

/** Map with at most `limit` calls in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}
