import { createRequire } from "node:module";

/** autocannon, typed for what we use (it ships no types). */

interface Percentiles {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
export interface LoadResult {
  requests: Percentiles & { total: number };
  latency: Percentiles;
  throughput: Percentiles;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface Instance extends PromiseLike<LoadResult> {
  stop: () => void;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  timeout?: number;
}) => Instance;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export async function load(
  url: string,
  opts: { connections: number; seconds: number; headers?: Record<string, string> },
  signal: AbortSignal,
): Promise<LoadResult> {
  const inst = autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers,
    timeout: 10,
  });
  const onAbort = () => inst.stop();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await inst;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
