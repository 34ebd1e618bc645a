/** Small numeric helpers. */

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? null;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function max(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

export function round(n: number | null, digits = 0): number | null {
  if (n === null || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const kB = (bytes: number) => round(bytes / 1024, 1);

export function fmtMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "n/a";
  if (ms === 0) return "0 ms";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
}

export function fmtBytes(b: number | null): string {
  if (b === null) return "n/a";
  if (b >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(2)} MB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} kB`;
  return `${b} B`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
