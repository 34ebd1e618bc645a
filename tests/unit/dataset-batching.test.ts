import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFrameBatch } from "@/components/dataset/frame-batch";
import { imageWorkerCount } from "@/lib/dataset/workers/pools";

describe("imageWorkerCount", () => {
  it("leaves a core to the page on small machines", () => {
    expect(imageWorkerCount(1)).toBe(1);
    expect(imageWorkerCount(2)).toBe(1);
  });
  it("uses two or more workers when there are more cores, up to a cap", () => {
    expect(imageWorkerCount(3)).toBe(2);
    expect(imageWorkerCount(4)).toBe(3);
    expect(imageWorkerCount(64)).toBe(4);
  });
  it("assumes a small machine when the browser does not say", () => {
    expect(imageWorkerCount(undefined)).toBe(1);
    expect(imageWorkerCount(0)).toBe(1);
  });
});

describe("createFrameBatch", () => {
  let frames: (() => void)[] = [];
  beforeEach(() => {
    frames = [];
    vi.useFakeTimers();
    vi.stubGlobal("requestAnimationFrame", (cb: () => void) => frames.push(cb));
    vi.stubGlobal("cancelAnimationFrame", (id: number) => {
      frames[id - 1] = () => undefined;
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("hands over everything pushed before a frame in one call", () => {
    const flushed: number[][] = [];
    const b = createFrameBatch<number>((items) => flushed.push(items));
    b.push(1);
    b.push(2);
    b.push(3);
    expect(flushed).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0]?.();
    expect(flushed).toEqual([[1, 2, 3]]);
    b.push(4);
    frames[1]?.();
    expect(flushed).toEqual([[1, 2, 3], [4]]);
  });

  it("flushes on a timer when no frame comes (hidden tab), and only once", () => {
    const flushed: number[][] = [];
    const b = createFrameBatch<number>((items) => flushed.push(items));
    b.push(1);
    vi.advanceTimersByTime(150);
    expect(flushed).toEqual([[1]]);
    frames[0]?.();
    expect(flushed).toEqual([[1]]);
  });

  it("drops what is queued when cancelled", () => {
    const flushed: number[][] = [];
    const b = createFrameBatch<number>((items) => flushed.push(items));
    b.push(1);
    b.cancel();
    vi.advanceTimersByTime(150);
    frames[0]?.();
    expect(flushed).toEqual([]);
  });

  it("keeps batches apart by the gap, except for the last item", () => {
    const flushed: number[][] = [];
    const b = createFrameBatch<number>((items) => flushed.push(items), 150);
    b.push(1);
    frames[0]?.();
    expect(flushed).toEqual([[1]]);
    b.push(2);
    b.push(3);
    expect(frames).toHaveLength(1);
    vi.advanceTimersByTime(50);
    expect(flushed).toEqual([[1]]);
    b.push(4, true);
    expect(frames).toHaveLength(2);
    frames[1]?.();
    expect(flushed).toEqual([[1], [2, 3, 4]]);
    vi.advanceTimersByTime(500);
    expect(flushed).toHaveLength(2);
  });
});
