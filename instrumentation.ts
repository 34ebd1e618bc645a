/**
 * Runs once when the server starts (Node runtime only: SQLite and the file system are needed).
 * 1. Refuse to serve the network without a password (security's startup policy).
 * 2. Install the request gate: bad hosts and unauthenticated bodies are refused before Next reads them.
 * 3. Remove what a crash left in DATA_DIR (files with no row, half-written temp files).
 * 4. Start the task tracker, which resumes unfinished BFL tasks from the database.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { enforceStartupPolicy } = await import("./lib/server/startup-check");
    enforceStartupPolicy();
    const { installRequestGate } = await import("./lib/server/request-gate");
    installRequestGate();
    const { sweepOrphans } = await import("./lib/server/orphan-sweep");
    await sweepOrphans();
    const { startTracker } = await import("./lib/server/tracker");
    await startTracker();
  }
}
