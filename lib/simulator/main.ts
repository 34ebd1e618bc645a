import type { Server } from "node:http";
import { ConfigError, loadConfig } from "./config";
import { createSim, startListeners } from "./server";

/** `npm run simulator`: the stand-alone BFL simulator (docs/simulator.md). */

async function main(): Promise<void> {
  let cfg: ReturnType<typeof loadConfig>;
  try {
    cfg = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
  const sim = createSim(cfg);
  let servers: Server[];
  try {
    servers = await startListeners(sim);
  } catch (err) {
    console.error(`simulator: cannot listen on ${cfg.host}: ${(err as Error).message}`);
    process.exit(1);
  }
  const regional =
    sim.ports.poll === null ? "" : `  polling (regional): http://${cfg.host}:${sim.ports.poll}`;
  console.log(
    `BFL simulator (${cfg.profile}, ${cfg.region}) on http://${cfg.host}:${sim.ports.main}${regional}  data: ${cfg.dataDir}  ` +
      `training: ${cfg.trainingSeconds}s/300 it  inference: ${cfg.inferenceSeconds}s  credits: ${sim.store.state.credits}`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`simulator: ${signal}, shutting down`);
    sim.store.save();
    let open = servers.length;
    for (const server of servers) {
      server.close(() => {
        open--;
        if (open === 0) process.exit(0);
      });
      // Hanging fault requests and keep-alive sockets must not hold the exit.
      server.closeAllConnections();
    }
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

void main();
