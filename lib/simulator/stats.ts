/** Request counters for tests and benchmarks (`GET /_simulator/stats`); `/_simulator/*` is not counted. */
export class Stats {
  total = 0;
  paths: Record<string, number> = {};
  methodPaths: Record<string, number> = {};
  getResult: Record<string, number> = {};
  statuses: Record<string, number> = {};

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

  recordStatus(status: number): void {
    const k = String(status);
    this.statuses[k] = (this.statuses[k] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.paths = {};
    this.methodPaths = {};
    this.getResult = {};
    this.statuses = {};
  }

  toJSON() {
    return {
      total: this.total,
      paths: this.paths,
      method_paths: this.methodPaths,
      get_result: this.getResult,
      statuses: this.statuses,
    };
  }
}
