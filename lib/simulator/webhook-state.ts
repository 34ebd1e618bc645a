import type { WebhookShape } from "../bfl/webhook";

/**
 * The simulator's webhook bookkeeping (`Sim.webhooks`): declared apart from webhooks.ts, which sends
 * them, because the `Sim` context names this state and every route module reads the context.
 */

export interface WebhookDelivery {
  task_id: string;
  url: string;
  shape: WebhookShape;
  status: string;
  attempts: number;
  answered: number | null;
  at: string;
}

export interface WebhookState {
  timers: Map<string, NodeJS.Timeout>;
  /** Tasks whose webhook is being sent right now (so re-arming cannot send it twice). */
  delivering: Set<string>;
  sent: number;
  log: WebhookDelivery[];
}

export const newWebhookState = (): WebhookState => ({
  timers: new Map(),
  delivering: new Set(),
  sent: 0,
  log: [],
});
