import { afterEach, describe, expect, it, vi } from "vitest";
import { dismissToast, getToasts, subscribeToasts, toast } from "@/components/ui/toast-store";

describe("toast store (used by the finished-training watcher and the delete flow)", () => {
  afterEach(() => {
    for (const t of getToasts()) dismissToast(t.id);
    vi.useRealTimers();
  });

  it("adds toasts, tells subscribers, and dismisses by id", () => {
    const seen: number[] = [];
    const stop = subscribeToasts(() => seen.push(getToasts().length));
    const a = toast({ title: "Finetune ready", tone: "success" });
    toast({ title: "Finetune failed", body: "No usable image.", tone: "error" });
    expect(getToasts().map((t) => t.title)).toEqual(["Finetune ready", "Finetune failed"]);
    dismissToast(a);
    expect(getToasts().map((t) => t.title)).toEqual(["Finetune failed"]);
    stop();
    toast({ title: "unseen" });
    expect(seen).toEqual([1, 2, 1]);
  });

  it("closes a toast on its own after a while", () => {
    vi.useFakeTimers();
    toast({ title: "Deleted" });
    expect(getToasts()).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(getToasts()).toHaveLength(0);
  });
});
