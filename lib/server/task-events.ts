import "server-only";
import { log } from "./log";

/**
 * What happens when a task ends, kept out of the runners so they need not import what reacts to it
 * (the eval runner creates generations through the services, which submit through the tracker, which
 * loads the runners). One listener per event, on `globalThis`: Next bundles route handlers apart from
 * instrumentation.ts, and a webhook's poll runs in the route's copy of the runner.
 */

type FinetuneReadyListener = (finetuneId: string) => void;
const READY = Symbol.for("finetune-studio.finetune-ready");
type Holder = { [READY]?: FinetuneReadyListener };

/** Set what runs when a finetune turns Ready (instrumentation.ts, before the tracker starts). Replaces any earlier one. */
export function onFinetuneReady(listener: FinetuneReadyListener): void {
  (globalThis as Holder)[READY] = listener;
}

/** A finetune turned Ready (the finetune runner, once per task). The listener must not throw. */
export function finetuneReady(finetuneId: string): void {
  const listener = (globalThis as Holder)[READY];
  if (listener) listener(finetuneId);
  else
    log.warn(
      "tracker",
      `finetune ${finetuneId} is Ready but nothing listens (instrumentation.ts did not run)`,
    );
}
