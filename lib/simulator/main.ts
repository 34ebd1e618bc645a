import { ConfigError, loadConfig } from "./config";
import { createSim, createSimulatorServer } from "./server";

/** `npm run simulator`: the stand-alone BFL simulator (docs/simulator.md). */

function main(): void {
  let cfg: ReturnType<typeof loadConfig>;
  try {
    cfg = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
  const sim = createSim(cfg);
  const server = createSimulatorServer(sim);
  server.on("error", (err) => {
    console.error(`simulator: cannot listen on ${cfg.host}:${cfg.port}: ${err.message}`);
    process.exit(1);
  });
  server.listen(cfg.port, cfg.host, () => {
    console.log(
      `BFL simulator (${cfg.region}) on http://${cfg.host}:${cfg.port}  data: ${cfg.dataDir}  ` +
        `training: ${cfg.trainingSeconds}s/300 it  inference: ${cfg.inferenceSeconds}s  credits: ${sim.store.state.credits}`,
    );
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`simulator: ${signal}, shutting down`);
    sim.store.save();
    server.close(() => process.exit(0));
    // Hanging fault requests and keep-alive sockets must not hold the exit.
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main();
