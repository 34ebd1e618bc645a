/// <reference lib="webworker" />
import type { CallMessage, Contract, Method, ReplyMessage } from "./rpc";

/** What a handler may do besides answering: report progress, hand buffers over instead of copying. */
export interface CallContext {
  progress: (p: number) => void;
  /** Buffers in the result to transfer (zero-copy) rather than clone. */
  transfer: (list: Transferable[]) => void;
}

export type Handlers<C extends Contract> = {
  [K in Method<C>]: (payload: C[K]["req"], ctx: CallContext) => Promise<C[K]["res"]> | C[K]["res"];
};

declare const self: DedicatedWorkerGlobalScope;

/**
 * Answer calls in this worker with `handlers`. A handler that throws becomes an error reply (the call
 * rejects on the page with its message). Progress is thinned to steps of 2% so a busy loop cannot flood
 * the page.
 */
export function serveWorker<C extends Contract>(handlers: Handlers<C>): void {
  const scope = self;
  scope.onmessage = async (ev: MessageEvent<CallMessage<C>>) => {
    const { id, method, payload } = ev.data;
    const post = (reply: ReplyMessage<C>, transfer: Transferable[] = []) =>
      scope.postMessage(reply, transfer);
    let last = 0;
    let transfer: Transferable[] = [];
    const ctx: CallContext = {
      progress(p) {
        if (p - last < 0.02 && p < 1) return;
        last = p;
        post({ id, progress: p });
      },
      transfer(list) {
        transfer = list;
      },
    };
    try {
      const result = await handlers[method](payload, ctx);
      post({ id, ok: true, result }, transfer);
    } catch (e) {
      post({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
}
