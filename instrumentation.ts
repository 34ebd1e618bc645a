/**
 * Runs once when the server starts. The task tracker resumes unfinished BFL tasks from the database
 * (Node runtime only: it needs SQLite and the file system).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startTracker } = await import("./lib/server/tracker");
    await startTracker();
  }
}
