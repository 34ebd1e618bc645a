import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { SimulatorConfig } from "./config";
import type { Sim } from "./context";
import { controlRoutes } from "./control";
import { type Fault, FaultQueue } from "./faults";
import { HttpError, requestOrigin, sendBody, sendJson } from "./http";
import { type Route, resolve } from "./router";
import { Stats } from "./stats";
import { Store } from "./store";
import { regionalRoutes, v1Routes } from "./v1-routes";
import { newWebhookState } from "./webhook-state";
import { resumeWebhooks } from "./webhooks";

/**
 * The simulator's HTTP servers: logging, fault injection, routing, error bodies. The `main` listener
 * is the API (and the control routes); under the live profile a `regional` listener on another port
 * answers the `polling_url`s, as BFL's regional clusters do. Faults and stats cover both.
 */

export type Listener = "main" | "regional";

export function createSim(cfg: SimulatorConfig): Sim {
  const sim: Sim = {
    cfg,
    store: new Store(cfg.dataDir, cfg.startingCredits),
    faults: new FaultQueue(),
    stats: new Stats(),
    renders: new Map(),
    now: () => Date.now(),
    webhooks: newWebhookState(),
    ports: { main: null, poll: null },
    holdTrainings: false,
  };
  resumeWebhooks(sim);
  return sim;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Apply a fault; returns true when the request must not run. */
async function applyFault(
  sim: Sim,
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const retry = (def?: number): Record<string, string> => {
    const v = fault.retry_after ?? def;
    return v === undefined ? {} : { "retry-after": String(v) };
  };
  switch (fault.kind) {
    case "429":
      sendJson(res, 429, { detail: "Too many concurrent requests" }, retry(1));
      return true;
    case "500":
      // uvicorn's own answer to an unhandled exception is plain text.
      sendBody(res, 500, "Internal Server Error", "text/plain; charset=utf-8", retry());
      return true;
    case "503":
      sendJson(res, 503, { detail: "Service Unavailable" }, retry(1));
      return true;
    case "malformed":
      sendBody(res, 200, '{"id": "7f3c', "application/json");
      return true;
    case "reset":
      req.socket.destroy();
      return true;
    case "hang":
      if (fault.hang_ms === undefined) return true; // never answers; the client has to give up
      await sleep(fault.hang_ms);
      return false;
    case "late":
      holdAnswer(sim, res, fault.hang_ms ?? 2_000);
      return false;
  }
}

/**
 * Run the request now but send its answer `ms` later: headers and body go out together with `end`. The
 * request counts as in flight until its answer has gone.
 */
function holdAnswer(sim: Sim, res: ServerResponse, ms: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    sim.stats.inFlight++;
    setTimeout(() => {
      sim.stats.inFlight--;
      end(...args);
    }, ms);
    return res;
  }) as ServerResponse["end"];
}

async function handle(
  sim: Sim,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? "GET";
  const isControl = url.pathname.startsWith("/_simulator/");
  if (!isControl) {
    sim.stats.record(method, url.pathname, url.searchParams);
    sim.stats.inFlight++;
  }
  try {
    const fault = isControl ? undefined : sim.faults.take(method, url.pathname);
    if (fault && (await applyFault(sim, fault, req, res))) {
      req.resume();
      return;
    }
    const { handler, params } = resolve(routes, method, url.pathname);
    const origin = requestOrigin(req, `http://${sim.cfg.host}:${req.socket.localPort ?? sim.cfg.port}`);
    await handler({ sim, req, res, url, params, origin });
  } finally {
    if (!isControl) sim.stats.inFlight--;
  }
}

export function createSimulatorServer(sim: Sim, listener: Listener = "main"): Server {
  const routes = listener === "main" ? [...v1Routes(sim.cfg.profile), ...controlRoutes] : regionalRoutes;
  const tag = listener === "main" ? "" : "[regional] ";
  const server = createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://simulator.local");
    const log = (status: string) =>
      console.log(
        `${tag}${req.method} ${url.pathname} ${status} ${Math.round(performance.now() - started)}ms`,
      );
    res.on("finish", () => {
      if (!url.pathname.startsWith("/_simulator/")) sim.stats.recordStatus(res.statusCode);
      log(String(res.statusCode));
    });
    res.on("close", () => {
      if (!res.writableFinished) log("aborted");
    });
    handle(sim, routes, req, res, url).catch((err: unknown) => {
      req.resume();
      if (res.headersSent || res.destroyed) return;
      if (err instanceof HttpError) {
        sendJson(res, err.status, err.body, err.headers);
        return;
      }
      console.error(`simulator: ${req.method} ${url.pathname} failed:`, err);
      sendJson(res, 500, { detail: "Internal Server Error" });
    });
  });
  // Node closes an idle keep-alive socket after 5 s, the moment a client may be reusing it: on a loaded
  // machine the client's own 4 s timer fires late and its request meets "other side closed". The server
  // keeps idle sockets longer than any client here does, so only the client ever closes them (as load
  // balancers in front of BFL do); `close()` still ends idle sockets at once.
  server.keepAliveTimeout = 65_000;
  return server;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : port);
    });
  });
}

/** Bind the API and, under the live profile, the regional listener; records the bound ports. */
export async function startListeners(sim: Sim): Promise<Server[]> {
  const main = createSimulatorServer(sim, "main");
  sim.ports.main = await listen(main, sim.cfg.port, sim.cfg.host);
  if (sim.cfg.profile !== "live") return [main];
  const regional = createSimulatorServer(sim, "regional");
  try {
    sim.ports.poll = await listen(regional, sim.cfg.pollPort, sim.cfg.host);
  } catch (err) {
    main.close();
    throw err;
  }
  return [main, regional];
}
