import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { dashboard, type Server, simulator } from "./processes";
import { type Seeded, seedThroughApi } from "./seed";

/**
 * What the parts share: one simulator and one dashboard (production build, bare route on), one
 * Chromium, and one seeded finetune with a finished generation. Each is started on first use.
 */

/** Long enough for 1, 5 and 20 watchers to poll one running generation many times. */
export const INFERENCE_SECONDS = 5;

export class BenchContext {
  private simP: Promise<Server> | undefined;
  private dashP: Promise<Server> | undefined;
  private browserP: Promise<Browser> | undefined;
  private seedP: Promise<Seeded> | undefined;

  constructor(readonly log: (line: string) => void) {}

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
    this.dashP ??= this.sim().then((s) => dashboard(s.url));
    return this.dashP;
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
