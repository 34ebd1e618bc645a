import type { SimulatorConfig } from "./config";
import type { FaultQueue } from "./faults";
import type { Stats } from "./stats";
import type { Store } from "./store";
import type { WebhookState } from "./webhook-state";

/** Everything a route handler may use. */
export interface Sim {
  cfg: SimulatorConfig;
  store: Store;
  faults: FaultQueue;
  stats: Stats;
  /** Renders in progress (task id → image), so a result fetched early waits instead of rendering twice. */
  renders: Map<string, Promise<Buffer>>;
  now: () => number;
  /** Webhooks waiting for their task to end, and the log of those sent. */
  webhooks: WebhookState;
  /** Ports actually bound (set at listen): the API, and in live the regional polling listener. */
  ports: { main: number | null; poll: number | null };
  /** Set by `POST /_simulator/pace {hold: true}`: trainings submitted meanwhile wait for `…/complete`. */
  holdTrainings: boolean;
}
