import "server-only";
import { isIPv4 } from "node:net";
import { getConfig } from "./env";
import type { FailureStore } from "./failure-store";
import { loginFailures } from "./login-failure-repo";
import { PEER_HEADER, stampedPeer } from "./request-gate";

/** Failure times in this process's memory, bounded to `maxKeys` addresses. */
class MemoryFailures implements FailureStore {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxKeys: number) {}

  async recent(key: string, since: number): Promise<number[]> {
    return this.recentNow(key, since);
  }

  private recentNow(key: string, since: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  async add(key: string, at: number, forgetBefore: number): Promise<void> {
    if (!this.failures.has(key) && this.failures.size >= this.maxKeys) this.prune(forgetBefore);
    const list = this.recentNow(key, forgetBefore);
    list.push(at);
    this.failures.set(key, list);
  }

  async reset(key: string): Promise<void> {
    this.failures.delete(key);
  }

  private prune(forgetBefore: number): void {
    for (const key of [...this.failures.keys()]) this.recentNow(key, forgetBefore);
    // Still full: drop the oldest keys rather than grow without bound.
    const excess = this.failures.size - Math.floor(this.maxKeys / 2);
    if (excess > 0) for (const key of [...this.failures.keys()].slice(0, excess)) this.failures.delete(key);
  }
}

/**
 * Failed-attempt limiter for the login. Per client address: `max` failures within `windowMs` lock that
 * address out until the oldest of them ages out.
 */
export class AttemptLimiter {
  private readonly store: FailureStore;

  constructor(
    private readonly opts: { max: number; windowMs: number; maxKeys?: number; store?: FailureStore },
  ) {
    this.store = opts.store ?? new MemoryFailures(opts.maxKeys ?? 10_000);
  }

  private recent(key: string, now: number): Promise<number[]> {
    return this.store.recent(key, now - this.opts.windowMs);
  }

  /** 0 when an attempt is allowed, else the milliseconds to wait. */
  async retryAfterMs(key: string, now = Date.now()): Promise<number> {
    const list = await this.recent(key, now);
    if (list.length < this.opts.max) return 0;
    const oldest = list[list.length - this.opts.max] ?? now;
    return Math.max(1, oldest + this.opts.windowMs - now);
  }

  /** Milliseconds until every recent failure of `key` has aged out (0 when it has none). */
  async clearAfterMs(key: string, now = Date.now()): Promise<number> {
    const newest = (await this.recent(key, now)).at(-1);
    return newest === undefined ? 0 : Math.max(1, newest + this.opts.windowMs - now);
  }

  recordFailure(key: string, now = Date.now()): Promise<void> {
    return this.store.add(key, now, now - this.opts.windowMs);
  }

  reset(key: string): Promise<void> {
    return this.store.reset(key);
  }
}

export const LOGIN_LIMITS = { perAddress: 5, global: 50, windowMs: 60_000 } as const;

// In the database, so every instance behind one address counts the same failures.
const perAddress = new AttemptLimiter({
  max: LOGIN_LIMITS.perAddress,
  windowMs: LOGIN_LIMITS.windowMs,
  store: loginFailures,
});
const global = new AttemptLimiter({
  max: LOGIN_LIMITS.global,
  windowMs: LOGIN_LIMITS.windowMs,
  store: loginFailures,
});
const GLOBAL_KEY = "*";

function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith("::ffff:") && isIPv4(a.slice(7)) ? a.slice(7) : a;
}

/**
 * The client's address: the socket's (stamped by the request gate, which a client cannot forge), or,
 * when the socket is a proxy named in TRUST_PROXY, the last X-Forwarded-For entry that is not one of
 * those proxies. Without TRUST_PROXY, X-Forwarded-For is ignored: rotating it buys no extra guesses.
 */
export function clientAddress(request: Request, trustedProxies = getConfig().trustedProxies): string {
  const peer = stampedPeer(request.headers.get(PEER_HEADER));
  if (peer === undefined) return "unknown";
  const trusted = new Set(trustedProxies.map(normalizeAddress));
  let client = normalizeAddress(peer);
  if (!trusted.has(client)) return client.slice(0, 100);
  const chain = (request.headers.get("x-forwarded-for") ?? "").split(",").map(normalizeAddress);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i] ?? "";
    if (hop === "") break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client.slice(0, 100);
}

/**
 * Per address first: 5 failures a minute lock that address. A global budget (50 failures a minute)
 * slows a guesser with many addresses: once it is spent, an address that has failed in the last
 * minute must wait for that failure to age out. An address that has not failed may always try, so a
 * flood of wrong guesses can never lock the owner out of a correct login.
 */
export const loginLimiter = {
  async retryAfterMs(address: string, now = Date.now()): Promise<number> {
    const own = await perAddress.retryAfterMs(address, now);
    if (own > 0 || (await global.retryAfterMs(GLOBAL_KEY, now)) === 0) return own;
    return perAddress.clearAfterMs(address, now);
  },
  async recordFailure(address: string, now = Date.now()): Promise<void> {
    await perAddress.recordFailure(address, now);
    await global.recordFailure(GLOBAL_KEY, now);
  },
  recordSuccess(address: string): Promise<void> {
    return perAddress.reset(address);
  },
};
