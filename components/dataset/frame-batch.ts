/**
 * Collects items and hands them over in one batch per animation frame, so a burst of worker replies costs
 * one state update and one paint instead of one each. Batches are at least `minGapMs` apart (replies that
 * trickle in one by one still share a render) unless the item is marked `last` (nothing else is coming,
 * so waiting would only delay). A hidden tab gets no animation frames, so a timer flushes too.
 */
export interface FrameBatch<T> {
  push: (item: T, last?: boolean) => void;
  cancel: () => void;
}

const FALLBACK_MS = 100;

export function createFrameBatch<T>(flush: (items: T[]) => void, minGapMs = 0): FrameBatch<T> {
  let queue: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastFlush = Number.NEGATIVE_INFINITY;

  function stop() {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
  }

  function run() {
    stop();
    const items = queue;
    queue = [];
    lastFlush = performance.now();
    if (items.length > 0) flush(items);
  }

  function schedule(wait: number) {
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = null;
        schedule(0);
      }, wait);
      return;
    }
    frame = requestAnimationFrame(run);
    timer = setTimeout(run, FALLBACK_MS);
  }

  return {
    push(item, last = false) {
      queue.push(item);
      if (last) {
        // Skip any remaining gap: the next frame takes everything.
        if (frame === null) {
          stop();
          schedule(0);
        }
        return;
      }
      if (frame !== null || timer !== null) return;
      schedule(lastFlush + minGapMs - performance.now());
    },
    cancel() {
      stop();
      queue = [];
    },
  };
}
