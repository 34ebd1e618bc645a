import { startPostgres } from "./postgres";

/**
 * vitest globalSetup: with TEST_DATABASE=postgres, one throwaway Postgres cluster for the whole run.
 * Dashboards started by the API tests then get their own database on it (tests/helpers/servers.ts).
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE !== "postgres") return undefined;
  const cluster = await startPostgres();
  // Forked test workers inherit the environment.
  process.env.TEST_PG_ADMIN_URL = cluster.adminUrl;
  return () => cluster.stop();
}
