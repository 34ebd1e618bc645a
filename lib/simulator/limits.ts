import { BFL_ERROR_MESSAGES } from "../bfl/errors";
import type { Sim } from "./context";
import { detailError } from "./http";
import { activeTasks, isOverConcurrency, retryAfterSeconds } from "./tasks";

/** BFL's account limits: 24 unfinished tasks (429 + Retry-After) and the credit balance (402). */

export function checkConcurrency(sim: Sim, now: number): void {
  const { count, nextDoneAt } = activeTasks(sim.store.state, now);
  if (isOverConcurrency(count)) {
    throw detailError(429, BFL_ERROR_MESSAGES.tooManyTasks, {
      "retry-after": String(retryAfterSeconds(nextDoneAt, now)),
    });
  }
  // The new task makes one more (if a later check refuses it, the peak is one too high: never too low).
  sim.stats.recordActive(count + 1);
}

/** Charges at submission (the caller saves the state with the new task). */
export function chargeOrThrow(sim: Sim, credits: number): void {
  if (sim.store.state.credits < credits) throw detailError(402, BFL_ERROR_MESSAGES.insufficientCredits);
  sim.store.state.credits = Math.round((sim.store.state.credits - credits) * 100) / 100;
}
