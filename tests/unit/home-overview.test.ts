import { describe, expect, it } from "vitest";
import { countFinetunes } from "@/components/home/overview-model";

describe("home overview counts", () => {
  it("counts every status, including zeros, and the finetunes of the other region", () => {
    const counts = countFinetunes([
      { status: "Ready", region_mismatch: false },
      { status: "Ready", region_mismatch: true },
      { status: "Pending", region_mismatch: false },
      { status: "Error", region_mismatch: true },
    ]);
    expect(counts).toEqual({
      total: 4,
      byStatus: { Queued: 0, Pending: 1, Ready: 2, Error: 1 },
      otherRegion: 2,
    });
  });

  it("is all zeros for an empty account", () => {
    expect(countFinetunes([])).toEqual({
      total: 0,
      byStatus: { Queued: 0, Pending: 0, Ready: 0, Error: 0 },
      otherRegion: 0,
    });
  });
});
