import type { IncomingMessage, ServerResponse } from "node:http";
import type { Sim } from "./context";
import { detailError } from "./http";

/** A tiny exact-path router that answers 404 and 405 the way FastAPI does. */

export interface RouteContext {
  sim: Sim;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters of pattern routes (`:id`). */
  params: Record<string, string>;
  /** Origin the client used; base of `polling_url` and result links. */
  origin: string;
}

export type Handler = (ctx: RouteContext) => Promise<void> | void;

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** Exact path, or a pattern with `:name` segments. */
  path: string;
  handler: Handler;
}

function match(pattern: string, pathname: string): Record<string, string> | null {
  const a = pattern.split("/");
  const b = pathname.split("/");
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const seg = a[i]!;
    if (seg.startsWith(":")) {
      if (!b[i]) return null;
      params[seg.slice(1)] = decodeURIComponent(b[i]!);
    } else if (seg !== b[i]) return null;
  }
  return params;
}

export function resolve(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { handler: Handler; params: Record<string, string> } {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = match(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { handler: route.handler, params };
    allowed.push(route.method);
  }
  if (allowed.length > 0) throw detailError(405, "Method Not Allowed", { allow: allowed.join(", ") });
  throw detailError(404, "Not Found");
}
