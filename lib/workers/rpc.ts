/**
 * The one messaging layer between the page and its Web Workers. A worker's contract names each method
 * with its request and result types; a call carries an id, the worker may send progress (0..1) for it,
 * then answers with the result or an error message. Everything is structured-clone friendly.
 */

/** Method name → request payload and result. */
export type Contract = Record<string, { req: unknown; res: unknown }>;

export type Method<C extends Contract> = keyof C & string;

/** Page → worker. */
export interface CallMessage<C extends Contract, K extends Method<C> = Method<C>> {
  id: number;
  method: K;
  payload: C[K]["req"];
}

/** Worker → page. */
export type ReplyMessage<C extends Contract> =
  | { id: number; progress: number }
  | { id: number; ok: true; result: C[Method<C>]["res"] }
  | { id: number; ok: false; error: string };
