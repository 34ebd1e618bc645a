import { describe, expect, it } from "vitest";
import { FAILURE_MESSAGES, failureFor } from "@/lib/simulator/failures";

/** Which submissions SIMULATOR_ERROR_SHARE fails: an exact, evenly spread share, alternating 503 / 422. */

const run = (share: number, n: number) =>
  Array.from({ length: n }, (_, i) => failureFor("a cat", i + 1, share)?.status ?? null);

describe("failureFor", () => {
  it.each([0, 0.1, 0.25, 0.3, 0.5, 1])("fails exactly %f of the submissions", (share) => {
    const outcomes = run(share, 100);
    expect(outcomes.filter((s) => s !== null)).toHaveLength(Math.round(share * 100));
  });

  it("spreads failures evenly and alternates 503 and 422", () => {
    expect(run(0.25, 12)).toEqual([null, null, null, 503, null, null, null, 422, null, null, null, 503]);
    expect(run(1, 4)).toEqual([503, 422, 503, 422]);
  });

  it("prompt words force a status whatever the share, in any case", () => {
    expect(failureFor("x ERROR-503 y", 1, 0)).toEqual({ status: 503, error: FAILURE_MESSAGES[503] });
    expect(failureFor("error-422", 1, 0)?.status).toBe(422);
    expect(failureFor("errors-503", 1, 0)).toBeNull();
  });
});
