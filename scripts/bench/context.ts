import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { dashboard, postgresDatabase, type Server, simulator } from "./processes";
import { type Seeded, seedThroughApi } from "./seed";

/**
 * What the parts share: one simulator and one dashboard (production build, bare route on), one
 * Chromium, and one seeded finetune with a finished generation. Each is started on first use. With
 * `--instances=N`, N-1 more dashboards share the first one's DATA_DIR (database and files) for the
 * parts that compare one instance with several (economy, safety). With `--database=postgres` every
 * dashboard keeps its data in one Postgres database instead of DATA_DIR/studio.db (files stay shared).
 */

/** Long enough for 1, 5 and 20 watchers to poll one running generation many times. */
export const INFERENCE_SECONDS = 5;

export class BenchContext {
  private simP: Promise<Server> | undefined;
  private dashP: Promise<Server> | undefined;
  private browserP: Promise<Browser> | undefined;
  private seedP: Promise<Seeded> | undefined;
  private moreP: Promise<Server[]> | undefined;
  private databaseP: Promise<Record<string, string>> | undefined;

  constructor(
    readonly log: (line: string) => void,
    readonly instances = 1,
    readonly database: "sqlite" | "postgres" = "sqlite",
  ) {}

  /** The dashboards' database env: none for SQLite, DATABASE_URL of a throwaway cluster for Postgres. */
  private databaseEnv(): Promise<Record<string, string>> {
    this.databaseP ??= this.database === "postgres" ? postgresDatabase() : Promise.resolve({});
    return this.databaseP;
  }

  sim(): Promise<Server> {
    this.simP ??= simulator({
      SIMULATOR_INFERENCE_SECONDS: String(INFERENCE_SECONDS),
      // 300 iterations in 1 s: the seeded finetune is Ready almost at once.
      SIMULATOR_TRAINING_SECONDS: "1",
      SIMULATOR_CREDITS: "1000000000",
    });
    return this.simP;
  }

  dash(): Promise<Server> {
    this.dashP ??= Promise.all([this.sim(), this.databaseEnv()]).then(([s, env]) => dashboard(s.url, env));
    return this.dashP;
  }

  /** Every instance: the first dashboard, then the others on its DATA_DIR (started one after another). */
  async dashes(): Promise<Server[]> {
    const [sim, first, env] = await Promise.all([this.sim(), this.dash(), this.databaseEnv()]);
    this.moreP ??= (async () => {
      const more: Server[] = [];
      for (let i = 1; i < this.instances; i++) more.push(await dashboard(sim.url, env, first.dataDir));
      return more;
    })();
    return [first, ...(await this.moreP)];
  }

  /** Stop the extra instances (the next `dashes()` starts them again), so a 1-instance figure is alone. */
  async closeExtras(): Promise<void> {
    const more = this.moreP;
    this.moreP = undefined;
    if (more) await Promise.all((await more.catch(() => [])).map((d) => d.dispose()));
  }

  browser(): Promise<Browser> {
    this.browserP ??= launchBrowser();
    return this.browserP;
  }

  seeded(): Promise<Seeded> {
    this.seedP ??= this.dash().then((d) => seedThroughApi(d.url, this.log));
    return this.seedP;
  }

  async close(): Promise<void> {
    const b = this.browserP;
    this.browserP = undefined;
    if (b) await (await b.catch(() => undefined))?.close().catch(() => undefined);
  }
}
