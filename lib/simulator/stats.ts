/** A counter keyed by request data: no prototype, so an id like `__proto__` or `toString` is just a key. */
const counters = (): Record<string, number> => Object.create(null) as Record<string, number>;

/** Request counters for tests and benchmarks (`GET /_simulator/stats`); `/_simulator/*` is not counted. */
export class Stats {
  total = 0;
  paths = counters();
  methodPaths = counters();
  getResult = counters();
  statuses = counters();
  /** The most unfinished tasks at once, counted as each submission is accepted (the 24-task limit). */
  peakActive = 0;
  /**
   * Counted requests still being handled (a `hang` fault's wait and a `late` fault's held answer
   * included), so a test can wait until the simulator has done all it will do with what it was sent.
   * Not zeroed by `reset`: those are still running.
   */
  inFlight = 0;

  record(method: string, pathname: string, query: URLSearchParams): void {
    this.total++;
    this.paths[pathname] = (this.paths[pathname] ?? 0) + 1;
    const mp = `${method} ${pathname}`;
    this.methodPaths[mp] = (this.methodPaths[mp] ?? 0) + 1;
    if (pathname === "/v1/get_result") {
      const id = query.get("id") ?? "";
      this.getResult[id] = (this.getResult[id] ?? 0) + 1;
    }
  }

  recordActive(count: number): void {
    this.peakActive = Math.max(this.peakActive, count);
  }

  recordStatus(status: number): void {
    const k = String(status);
    this.statuses[k] = (this.statuses[k] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.paths = counters();
    this.methodPaths = counters();
    this.getResult = counters();
    this.statuses = counters();
    this.peakActive = 0;
  }

  toJSON() {
    return {
      total: this.total,
      paths: this.paths,
      method_paths: this.methodPaths,
      get_result: this.getResult,
      statuses: this.statuses,
      peak_active: this.peakActive,
      in_flight: this.inFlight,
    };
  }
}
