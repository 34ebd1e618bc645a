/**
 * A lazy, shared load (a dynamic import and what is made from it): every caller gets the same promise,
 * also those that ask while the first load is still under way. Checking "loaded yet?" before an `await`
 * instead lets each concurrent caller start its own load: twenty images dropped at once then made twenty
 * worker pools, one worker per image, and the workers starved the page. A failed load is forgotten, so
 * the next call tries again.
 */
export interface LoadOnce<T> {
  (): Promise<T>;
  /** The loaded value, or undefined while nothing has loaded (never starts a load). */
  peek: () => T | undefined;
}

export function loadOnce<T>(load: () => Promise<T>): LoadOnce<T> {
  let pending: Promise<T> | null = null;
  let value: T | undefined;
  const get = () => {
    pending ??= load().then(
      (v) => {
        value = v;
        return v;
      },
      (err: unknown) => {
        pending = null;
        throw err;
      },
    );
    return pending;
  };
  return Object.assign(get, { peek: () => value });
}
