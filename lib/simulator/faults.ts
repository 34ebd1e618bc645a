import { z } from "zod";

/**
 * Fault injection for tests: a queue of faults, each applying to the next `count` matching requests.
 * Never applies to `/_simulator/*`. A faulted request is not executed (no task, no charge), except
 * `hang` with `hang_ms`, which waits and then runs the request normally, and `late`, which runs it at
 * once and holds its answer for `hang_ms` (BFL has acted; the client has not heard yet).
 */

export const FAULT_KINDS = ["429", "500", "503", "hang", "late", "reset", "malformed"] as const;

export const faultInputSchema = z.object({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(10_000).default(1),
  path: z.string().startsWith("/").optional(),
  method: z.enum(["GET", "POST"]).optional(),
  retry_after: z.number().int().min(0).max(3600).optional(),
  hang_ms: z.number().int().min(0).max(600_000).optional(),
});
export type FaultInput = z.infer<typeof faultInputSchema>;

export interface Fault extends FaultInput {
  remaining: number;
}

export class FaultQueue {
  private faults: Fault[] = [];

  add(input: FaultInput): Fault {
    const fault = { ...input, remaining: input.count };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The fault for this request, if any (consumes one use). */
  take(method: string, pathname: string): Fault | null {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.path === undefined || pathname.startsWith(f.path)) &&
        (f.method === undefined || f.method === method),
    );
    if (!fault) return null;
    fault.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return { ...fault };
  }
}
