import "server-only";

/**
 * Failed-attempt limiter for the login. Per client address: `max` failures within `windowMs` lock that
 * address out until the oldest of them ages out. A global budget backs it up, because the address comes
 * from `X-Forwarded-For`, which a client talking to the dashboard directly can forge.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: { max: number; windowMs: number; maxKeys?: number }) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** 0 when an attempt is allowed, else the milliseconds to wait. */
  retryAfterMs(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.opts.max) return 0;
    const oldest = list[list.length - this.opts.max] ?? now;
    return Math.max(1, oldest + this.opts.windowMs - now);
  }

  recordFailure(key: string, now = Date.now()): void {
    if (!this.failures.has(key) && this.failures.size >= (this.opts.maxKeys ?? 10_000)) this.prune(now);
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    // Still full: drop the oldest keys rather than grow without bound.
    const excess = this.failures.size - Math.floor((this.opts.maxKeys ?? 10_000) / 2);
    if (excess > 0) for (const key of [...this.failures.keys()].slice(0, excess)) this.failures.delete(key);
  }
}

export const LOGIN_LIMITS = { perAddress: 5, global: 50, windowMs: 60_000 } as const;

const perAddress = new AttemptLimiter({ max: LOGIN_LIMITS.perAddress, windowMs: LOGIN_LIMITS.windowMs });
const global = new AttemptLimiter({ max: LOGIN_LIMITS.global, windowMs: LOGIN_LIMITS.windowMs });
const GLOBAL_KEY = "*";

/** The client's address as Next reports it (`X-Forwarded-For`, set from the socket when absent). */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || request.headers.get("x-real-ip") || "unknown").slice(0, 100);
}

export const loginLimiter = {
  retryAfterMs(address: string, now = Date.now()): number {
    return Math.max(perAddress.retryAfterMs(address, now), global.retryAfterMs(GLOBAL_KEY, now));
  },
  recordFailure(address: string, now = Date.now()): void {
    perAddress.recordFailure(address, now);
    global.recordFailure(GLOBAL_KEY, now);
  },
  recordSuccess(address: string): void {
    perAddress.reset(address);
  },
};
