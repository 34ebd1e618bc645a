/**
 * Runs once when the server starts (Node runtime only: SQLite and the file system are needed).
 * 1. Refuse to serve the network without a password (security's startup policy).
 * 2. Install the request gate: bad hosts and unauthenticated bodies are refused before Next reads them.
 * 3. Start the task tracker, which resumes unfinished BFL tasks from the database. Nothing else starts
 *    it: route handlers only parse, authorise and call services. First the eval set is hooked to a
 *    finetune turning Ready, so no poll can see Ready before the hook is there.
 * 4. Remove what a crash left in DATA_DIR (files with no row, half-written temp files), in the
 *    background: it only touches entries older than this process, so the server need not wait for it
 *    (nor for its code to load).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { enforceStartupPolicy } = await import("./lib/server/startup-check");
    enforceStartupPolicy();
    const { installRequestGate } = await import("./lib/server/request-gate");
    installRequestGate();
    const [{ onFinetuneReady }, { runEvalOnReady }, { ensureTracker }] = await Promise.all([
      import("./lib/server/task-events"),
      import("./lib/server/eval-runner"),
      import("./lib/server/tracker"),
    ]);
    onFinetuneReady(runEvalOnReady);
    ensureTracker();
    // Not awaited: the server answers while the sweep's code loads and runs.
    void import("./lib/server/orphan-sweep").then(
      ({ sweepOrphans }) => sweepOrphans(),
      (err: unknown) => console.error("start-up sweep could not load", err),
    );
  }
}
